mod attendance;
mod classes;
mod manage;
mod projector;
mod scan;
mod sheet;

pub use attendance::*;
pub use classes::*;
pub use manage::*;
pub use projector::*;
pub use scan::*;
pub use sheet::*;
