mod attendance;
mod projector;
mod scan;
mod sheet;

pub use attendance::*;
pub use projector::*;
pub use scan::*;
pub use sheet::*;
