//! Integration tests of the reference backend over real HTTP on loopback, each against its own
//! temporary SQLite file.

mod audit;
mod bad_input;
mod cli;
mod lifecycle;
mod openapi;
mod roles;
mod support;
mod writes;
