mod class;
mod my_classes;
mod nominations;
mod roster;

pub use class::*;
pub use my_classes::*;
pub use nominations::*;
pub use roster::*;
