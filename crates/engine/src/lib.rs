//! Sentence embeddings: the vendored all-MiniLM-L6-v2 (`models/minilm/`: its int8 weights as a
//! safetensors file, converted once from the published ONNX file) computed by [`bert`] on `gemm`,
//! its WordPiece tokenizer read by tokenizers. This is the only place that knows there is a
//! neural model; the ranking, the fusion with the lexical index and the explanations are in
//! [`crate::analysis::semantic`], which sees vectors only.
//!
//! A sentence's vector is the mean of the model's token states over its tokens, L2-normalised
//! (how sentence-transformers pools this model), so a dot product is a cosine.

mod bert;
mod matmul;
mod weights;

use std::path::{Path, PathBuf};

use crate::analysis::semantic::{Encoder, Vector, normalised};

use claimscope_core::{analysis, model, store};

/// Names the model in cache files: a cache made by another model (or another export of this one)
/// is rebuilt, never mixed in. The hex is the start of `model.onnx`'s sha256: the engine computes
/// what that file does to float rounding (tools/convert-model checks every vector component to
/// 1e-5 against tract's run of it), as the NNEF archive read before did, so the id and the caches
/// made before stay valid.
pub const MODEL_ID: &str = "all-MiniLM-L6-v2 int8 8199be6f";
/// Length of the model's vectors.
pub const DIM: usize = bert::DIM;
/// Longest input, in tokens; a longer sentence is cut (news sentences are rarely past 80).
const MAX_TOKENS: usize = 256;

/// The model's weights as [`weights`] reads them: `model.onnx`'s tensors written once as
/// safetensors by `tools/convert-model` (reading ONNX at run time would need a protobuf reader
/// and a graph runtime in every build of claimscope).
pub const MODEL_FILE: &str = "model.safetensors";
/// sha256 of the vendored `model.safetensors` and `tokenizer.json` (models/minilm/README.md).
const MODEL_SHA256: &str = "612f6db8f71cab21ba8ceddac09624a477e54b0befa40fb8df4338d8a3daf048";
const TOKENIZER_SHA256: &str = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037";
/// Most bytes read of either file (they are 22.9 MB and 0.5 MB).
const MAX_MODEL: u64 = 256 << 20;
const MAX_TOKENIZER: u64 = 64 << 20;

/// The bytes of a model file, if it is a regular file whose sha256 is `expected`.
fn checked(path: &Path, expected: &str, max: u64) -> Result<Vec<u8>, SemanticError> {
    use sha2::Digest;
    let bytes = crate::store::sidecar::read_named(path, max)
        .map_err(|e| SemanticError::Load { path: path.to_owned(), message: e.to_string() })?;
    let found: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    if found != expected {
        return Err(SemanticError::Load {
            path: path.to_owned(),
            message: format!(
                "it is not the file claimscope ships (sha256 {found}, expected {expected}); restore it from the repository"
            ),
        });
    }
    Ok(bytes)
}

/// Why the model could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SemanticError {
    #[error(
        "the sentence-embedding model was not found (looked in: {0}); semantic search is off, word search works as before. Set CLAIMSCOPE_MODEL_DIR to a folder holding model.safetensors and tokenizer.json"
    )]
    NotFound(String),
    #[error("cannot read the sentence-embedding model {path}: {message}")]
    Load { path: PathBuf, message: String },
    #[error("the sentence-embedding model failed: {0}")]
    Run(String),
}

/// The folders searched for the model, first match wins: `CLAIMSCOPE_MODEL_DIR`; `models/minilm`
/// beside the executable (the unpacked `.tar.gz`, the Windows zip); `../lib/claimscope/models/minilm`
/// from it (the `.deb`: `/usr/bin/claimscope`, `/usr/lib/claimscope/models/minilm`); the
/// source tree's `models/minilm` (a build run from the repository).
pub fn model_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = std::env::var_os("CLAIMSCOPE_MODEL_DIR") {
        dirs.push(PathBuf::from(d));
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(parent) = exe.parent()
    {
        dirs.push(parent.join("models").join("minilm"));
        dirs.push(parent.join("../lib/claimscope/models/minilm"));
    }
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/minilm"));
    dirs
}

/// The first of [`model_dirs`] holding both files.
pub fn find_model() -> Result<PathBuf, SemanticError> {
    let dirs = model_dirs();
    dirs.iter().find(|d| d.join(MODEL_FILE).is_file() && d.join("tokenizer.json").is_file()).cloned().ok_or_else(|| {
        SemanticError::NotFound(dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", "))
    })
}

/// The loaded model. `embed` takes `&self` and may run on several threads at once.
pub struct Embedder {
    bert: bert::Bert,
    tokenizer: tokenizers::Tokenizer,
}

impl Embedder {
    /// Loads the model from the first folder [`find_model`] names.
    pub fn load() -> Result<Embedder, SemanticError> {
        Embedder::load_from(&find_model()?)
    }

    pub fn load_from(dir: &Path) -> Result<Embedder, SemanticError> {
        let file = dir.join(MODEL_FILE);
        let err = |path: &Path, e: &dyn std::fmt::Display| SemanticError::Load {
            path: path.to_owned(),
            message: e.to_string(),
        };
        let tok_path = dir.join("tokenizer.json");
        // The files are checked against the checksums models/minilm/README.md records before
        // anything reads them: a model swapped in the folder (or damaged) would otherwise give
        // vectors that look like any others, and a cache keyed by the shipped model's id.
        let model_bytes = checked(&file, MODEL_SHA256, MAX_MODEL)?;
        let tok_bytes = checked(&tok_path, TOKENIZER_SHA256, MAX_TOKENIZER)?;
        Embedder::from_bytes(&model_bytes, &tok_bytes).map_err(|e| match e {
            Unread::Model(e) => err(&file, &e),
            Unread::Tokenizer(e) => err(&tok_path, &e),
        })
    }

    /// The model from the bytes of its two files, without the checksums: for
    /// `tools/convert-model`, which checks a file it has just written against the ONNX graph.
    pub fn from_unchecked_bytes(model: &[u8], tokenizer: &[u8]) -> Result<Embedder, String> {
        Embedder::from_bytes(model, tokenizer).map_err(|e| match e {
            Unread::Model(e) => format!("model: {e}"),
            Unread::Tokenizer(e) => format!("tokenizer: {e}"),
        })
    }

    fn from_bytes(model_bytes: &[u8], tok_bytes: &[u8]) -> Result<Embedder, Unread> {
        let bert = weights::read(model_bytes).map_err(Unread::Model)?;
        bert.check().map_err(Unread::Model)?;
        let mut tokenizer =
            tokenizers::Tokenizer::from_bytes(tok_bytes).map_err(|e| Unread::Tokenizer(e.to_string()))?;
        // The file pads and cuts every input to 128 tokens; sentences are packed unpadded here
        // instead, and cut at MAX_TOKENS.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(tokenizers::TruncationParams { max_length: MAX_TOKENS, ..Default::default() }))
            .map_err(|e| Unread::Tokenizer(e.to_string()))?;
        Ok(Embedder { bert, tokenizer })
    }

    /// One unit vector per text, in order, on every core.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vector>, SemanticError> {
        self.embed_on(texts, crate::model::par::threads())
    }

    /// The same, on at most `threads` threads (the workbench leaves a core to the window
    /// while the analyst works).
    pub fn embed_on(&self, texts: &[&str], threads: usize) -> Result<Vec<Vector>, SemanticError> {
        let threads = threads.max(1);
        let vocabulary = self.bert.words.rows;
        let mut encoded = Vec::with_capacity(texts.len());
        for t in texts {
            let e = self.tokenizer.encode(*t, true).map_err(|e| SemanticError::Run(e.to_string()))?;
            let ids = e.get_ids();
            if ids.len() > bert::POSITIONS || ids.iter().any(|&i| i as usize >= vocabulary) {
                return Err(SemanticError::Run("the tokenizer gave an id the model does not have".into()));
            }
            encoded.push(ids.to_vec());
        }
        // Sorted by length, so that the threads' shares of the work are even (see below); results
        // are put back in the caller's order.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| encoded[i].len());
        let batches = batches(&order, |i| encoded[i].len());
        // Each thread takes every `threads`-th batch of the list, so the batches (shortest first)
        // are dealt out in turn: a thread given all the long ones would finish last, the others
        // idle. Each keeps its buffers for all its batches.
        let dealt: Vec<Vec<&[usize]>> =
            (0..threads).map(|k| batches.iter().skip(k).step_by(threads).copied().collect()).collect();
        let encoded = &encoded;
        let results: Vec<Vec<(usize, Vector)>> = std::thread::scope(|s| {
            let handles: Vec<_> = dealt
                .iter()
                .filter(|batches| !batches.is_empty())
                .map(|batches| {
                    s.spawn(move || {
                        let mut scratch = bert::Scratch::default();
                        let mut out = Vec::new();
                        for batch in batches {
                            let ids: Vec<&[u32]> = batch.iter().map(|&i| encoded[i].as_slice()).collect();
                            out.extend(batch.iter().copied().zip(self.pooled(&ids, &mut scratch)));
                        }
                        out
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().map_err(|_| ())).collect::<Result<_, ()>>()
        })
        .map_err(|()| SemanticError::Run("a reading thread stopped".into()))?;
        let mut out: Vec<Vector> = vec![Vector::new(); texts.len()];
        for part in results {
            for (i, v) in part {
                out[i] = v;
            }
        }
        Ok(out)
    }

    /// The model on one batch: each sentence's token states summed (the mean's direction) and
    /// L2-normalised, as sentence-transformers pools this model.
    fn pooled(&self, batch: &[&[u32]], scratch: &mut bert::Scratch) -> Vec<Vector> {
        let states = self.bert.forward(batch, scratch);
        let mut rows = states.chunks_exact(DIM);
        batch
            .iter()
            .map(|s| {
                let mut sum = vec![0f32; DIM];
                for row in rows.by_ref().take(s.len()) {
                    for (a, b) in sum.iter_mut().zip(row) {
                        *a += b;
                    }
                }
                normalised(sum)
            })
            .collect()
    }
}

/// Which of the two files could not be read, and why.
enum Unread {
    Model(String),
    Tokenizer(String),
}

/// Tokens a batch holds at most (unless one sentence is longer): large enough that the matrix
/// products run at full speed (the tokens are their columns), small enough that a thread's
/// buffers stay a few MB.
const BATCH_TOKENS: usize = 512;
/// Sentences a batch holds at most.
const BATCH_SENTENCES: usize = 64;

/// `order` cut into consecutive batches by [`BATCH_TOKENS`] and [`BATCH_SENTENCES`].
fn batches(order: &[usize], len: impl Fn(usize) -> usize) -> Vec<&[usize]> {
    let mut out = Vec::new();
    let (mut start, mut tokens) = (0, 0);
    for (at, &i) in order.iter().enumerate() {
        let l = len(i);
        if at > start && (tokens + l > BATCH_TOKENS || at - start == BATCH_SENTENCES) {
            out.push(&order[start..at]);
            (start, tokens) = (at, 0);
        }
        tokens += l;
    }
    if start < order.len() {
        out.push(&order[start..]);
    }
    out
}

impl Encoder for Embedder {
    fn model_id(&self) -> &str {
        MODEL_ID
    }

    fn dim(&self) -> usize {
        DIM
    }

    fn encode(&self, texts: &[&str], threads: usize) -> Result<Vec<Vector>, String> {
        self.embed_on(texts, threads).map_err(|e| e.to_string())
    }
}

/// Loads the vendored model as the core's [`Encoder`] (what the workbench and the command line
/// call; about 1 s in release).
pub fn load_encoder() -> Result<Box<dyn Encoder>, String> {
    Embedder::load().map(|e| Box::new(e) as Box<dyn Encoder>).map_err(|e| e.to_string())
}

pub use crate::analysis::semantic::CHUNK;

/// [`crate::analysis::semantic::encode_chunks`] on this model, on every core.
pub fn embed_chunks(
    embedder: &Embedder,
    texts: &[String],
    stop: impl Fn() -> bool,
    each: impl FnMut(Vec<(u64, Vector)>),
) -> Result<(), SemanticError> {
    crate::analysis::semantic::encode_chunks(embedder, texts, stop, crate::model::par::threads, each)
        .map_err(SemanticError::Run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_cover_every_text_once_within_their_bounds() {
        let lengths: Vec<usize> = (0..300).map(|i| 3 + (i * 7919) % 120).chain([600, 2, 2]).collect();
        let mut order: Vec<usize> = (0..lengths.len()).collect();
        order.sort_by_key(|&i| lengths[i]);
        let cut = batches(&order, |i| lengths[i]);
        let flat: Vec<usize> = cut.iter().flat_map(|b| b.iter().copied()).collect();
        assert_eq!(flat, order, "every text once, in order");
        for b in &cut {
            let tokens: usize = b.iter().map(|&i| lengths[i]).sum();
            assert!(!b.is_empty() && b.len() <= BATCH_SENTENCES);
            // Over the token bound only when one sentence alone is longer.
            assert!(tokens <= BATCH_TOKENS || b.len() == 1, "{} sentences, {tokens} tokens", b.len());
        }
        assert!(batches(&[], |_| 1).is_empty());
    }
}
