//! Reading the parts of a zip-packaged document (Word, OpenDocument, REFI-QDA) with a bound on what is
//! unpacked, so that a small hostile file cannot expand into gigabytes (a "zip bomb").

use std::io::{Cursor, Read};

/// Most bytes unpacked from one part.
const MAX_PART: u64 = 64 * 1024 * 1024;
/// Most bytes unpacked from one archive, all parts together (a REFI-QDA project holds many).
const MAX_TOTAL: u64 = 1024 * 1024 * 1024;

/// A zip archive in memory.
pub struct Zipped<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes unpacked so far.
    unpacked: u64,
}

impl<'a> Zipped<'a> {
    /// Opens `bytes` as a zip archive.
    pub fn new(bytes: &'a [u8]) -> Result<Self, String> {
        let archive =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("it is not a readable zip archive ({e})"))?;
        Ok(Zipped { archive, unpacked: 0 })
    }

    /// The names of the parts, in archive order.
    pub fn names(&self) -> Vec<String> {
        self.archive.file_names().filter_map(Result::ok).map(std::borrow::Cow::into_owned).collect()
    }

    /// True if the archive has a part called `name`.
    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// The part `name` as UTF-8 text, `None` if there is no such part.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, String> {
        self.text_up_to(name, MAX_PART)
    }

    /// The same, for a part that may be larger than a document's (a REFI-QDA project's XML
    /// grows with its annotations: ~700 bytes each), up to `max` bytes.
    pub fn text_up_to(&mut self, name: &str, max: u64) -> Result<Option<String>, String> {
        match self.bytes_up_to(name, max)? {
            Some(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| format!("{name} is not UTF-8 text")),
            None => Ok(None),
        }
    }

    /// The bytes of part `name`, `None` if there is no such part.
    pub fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        self.bytes_up_to(name, MAX_PART)
    }

    fn bytes_up_to(&mut self, name: &str, max: u64) -> Result<Option<Vec<u8>>, String> {
        let Some(i) = self.archive.index_for_name(name) else { return Ok(None) };
        let part = self.archive.by_index(i).map_err(|e| format!("cannot unpack {name} ({e})"))?;
        let mut bytes = Vec::new();
        let limit = max.min(MAX_TOTAL.saturating_sub(self.unpacked));
        part.take(limit + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot unpack {name} ({e})"))?;
        if bytes.len() as u64 > limit {
            return Err(if limit < max {
                format!("the archive unpacks to more than {} MB", MAX_TOTAL / 1024 / 1024)
            } else {
                format!("{name} unpacks to more than {} MB", max / 1024 / 1024)
            });
        }
        self.unpacked += bytes.len() as u64;
        Ok(Some(bytes))
    }
}
