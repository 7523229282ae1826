mod answer;
mod manage;
mod results;

pub use answer::*;
pub use manage::*;
pub use results::*;
