//! Integration tests of the reference backend over real HTTP on loopback, each against its own
//! temporary SQLite file; domain verification against real authoritative DNS servers on their
//! own loopback addresses.

mod audit;
mod bad_input;
mod cli;
mod dns;
mod domains;
mod lifecycle;
mod openapi;
mod roles;
mod sso;
mod support;
mod verify;
mod writes;
