//! wirelens: a packet analyzer core — capture files in and out, dissection, display filters,
//! an indexed packet store, statistics and live capture — shared by the GUI and the CLI.
#![forbid(unsafe_code)]

pub mod capture;
pub mod cli;
pub mod craft;
pub mod describe;
pub mod dissect;
pub mod filter;
pub mod generate;
pub mod pcapfile;
pub mod session;
pub mod stats;
pub mod store;
pub mod ui;
