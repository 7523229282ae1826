mod class;
mod dispute;
mod my_classes;
mod nominations;
mod roster;

pub use class::*;
pub use dispute::*;
pub use my_classes::*;
pub use nominations::*;
pub use roster::*;
