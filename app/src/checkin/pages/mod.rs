mod attendance;
mod projector;
mod queue;
mod scan;
mod sheet;

pub use attendance::*;
pub use projector::*;
pub use queue::*;
pub use scan::*;
pub use sheet::*;
