//! Reading the parts of a zip-packaged document (Word, OpenDocument, REFI-QDA) with a bound on what is
//! unpacked, so that a small hostile file cannot expand into gigabytes (a "zip bomb").
//!
//! The bound is one budget per import, shared by an archive and every archive found inside it
//! (a REFI-QDA project whose sources are `.docx` files): a budget per container let a 140 KB
//! `.qdpx` naming one `.docx` a hundred times unpack a hundred times the limit.

use std::cell::Cell;
use std::io::{Cursor, Read};
use std::rc::Rc;

/// Most bytes unpacked from one part.
const MAX_PART: u64 = 64 * 1024 * 1024;
/// Most bytes unpacked by one import, all parts of all nested archives together, for a small
/// file; a larger file may unpack twice its size more.
const MAX_TOTAL: u64 = 256 * 1024 * 1024;

/// What an import may still unpack; clones share it.
#[derive(Clone, Debug)]
pub struct Budget {
    left: Rc<Cell<u64>>,
    total: u64,
}

impl Budget {
    /// The budget of an import of a file of `len` bytes.
    pub fn for_file(len: usize) -> Budget {
        let total = MAX_TOTAL.saturating_add(2 * len as u64);
        Budget { left: Rc::new(Cell::new(total)), total }
    }

    /// A budget of `left` bytes, for a file found inside an archive and read in a process of
    /// its own (a REFI-QDA project's Word source): what the archive had left when it was sent.
    pub fn of_left(left: u64) -> Budget {
        Budget { left: Rc::new(Cell::new(left)), total: left }
    }

    /// Charges `n` bytes unpacked elsewhere (by a read worker) to this budget.
    pub fn take(&self, n: u64) {
        self.left.set(self.left.get().saturating_sub(n));
    }

    /// What may still be unpacked.
    pub fn left(&self) -> u64 {
        self.left.get()
    }
}

/// A zip archive in memory.
pub struct Zipped<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    budget: Budget,
}

impl<'a> Zipped<'a> {
    /// Opens `bytes` as a zip archive, with a budget of its own.
    pub fn new(bytes: &'a [u8]) -> Result<Self, String> {
        Zipped::within(bytes, &Budget::for_file(bytes.len()))
    }

    /// Opens `bytes` as a zip archive found inside another (or named by one), unpacking from
    /// the same budget.
    pub fn within(bytes: &'a [u8], budget: &Budget) -> Result<Self, String> {
        let archive =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("it is not a readable zip archive ({e})"))?;
        Ok(Zipped { archive, budget: budget.clone() })
    }

    /// The budget this archive unpacks from, for archives found inside it.
    pub fn budget(&self) -> &Budget {
        &self.budget
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

    /// Reads part `name` as a stream with `f` (`None` if there is no such part), within the
    /// same limits as [`Zipped::bytes`]: for large parts read once (a Nexis Uni download's
    /// XML is seven times its archive), so that the part is never held whole.
    pub fn stream<R>(
        &mut self,
        name: &str,
        f: impl FnOnce(&mut dyn std::io::BufRead) -> Result<R, String>,
    ) -> Result<Option<R>, String> {
        let Some(i) = self.archive.index_for_name(name) else { return Ok(None) };
        let limit = MAX_PART.min(self.budget.left());
        let total = self.budget.total;
        let part = self.archive.by_index(i).map_err(|e| format!("cannot unpack {name} ({e})"))?;
        let mut counted = Counted { inner: part.take(limit + 1), read: 0 };
        let result = {
            let mut buffered = std::io::BufReader::new(&mut counted);
            f(&mut buffered)
        };
        self.budget.take(counted.read);
        if counted.read > limit {
            return Err(if limit < MAX_PART {
                format!("the file unpacks to more than {} MB, with what it holds inside", total >> 20)
            } else {
                format!("{name} unpacks to more than {} MB", MAX_PART >> 20)
            });
        }
        result.map(Some)
    }

    fn bytes_up_to(&mut self, name: &str, max: u64) -> Result<Option<Vec<u8>>, String> {
        let Some(i) = self.archive.index_for_name(name) else { return Ok(None) };
        let part = self.archive.by_index(i).map_err(|e| format!("cannot unpack {name} ({e})"))?;
        let mut bytes = Vec::new();
        let limit = max.min(self.budget.left());
        part.take(limit + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot unpack {name} ({e})"))?;
        if bytes.len() as u64 > limit {
            return Err(if limit < max {
                format!("the file unpacks to more than {} MB, with what it holds inside", self.budget.total >> 20)
            } else {
                format!("{name} unpacks to more than {} MB", max >> 20)
            });
        }
        self.budget.take(bytes.len() as u64);
        Ok(Some(bytes))
    }
}

/// A reader that counts what it read.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}
