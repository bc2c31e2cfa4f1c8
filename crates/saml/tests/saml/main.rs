//! The metadata and certificate parsers against the corpus of real IdP metadata in
//! `tests/fixtures/idp-metadata` (with its SOURCES.md), certificates generated for every odd case,
//! and hostile XML.

mod certificates;
mod fixtures;
mod hostile;

use time::macros::datetime;
use time::OffsetDateTime;

/// The clock of every test: the day the fixture corpus was checked (SOURCES.md).
const NOW: OffsetDateTime = datetime!(2026-11-29 00:00:00 UTC);
