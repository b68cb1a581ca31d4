//! Writing annotation sets and tables in other formats, one file per format.

pub mod tables;
