mod class;
mod my_classes;
mod roster;

pub use class::*;
pub use my_classes::*;
pub use roster::*;
