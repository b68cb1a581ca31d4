//! Sentence embeddings: the vendored all-MiniLM-L6-v2 (`models/minilm/`, converted from its int8
//! ONNX file into an NNEF archive) run in pure Rust by tract, its WordPiece tokenizer read by tokenizers. This is the only place that knows
//! there is a neural model; the ranking, the fusion with the lexical index and the explanations
//! are in [`crate::analysis::semantic`], which sees vectors only.
//!
//! A sentence's vector is the mean of the model's token states over the attention mask,
//! L2-normalised (how sentence-transformers pools this model), so a dot product is a cosine.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tract_nnef::prelude::*;

use crate::analysis::semantic::{Encoder, Vector, normalised};

use claimscope_core::{analysis, model, store};

/// Names the model in cache files: a cache made by another model (or another export of this one)
/// is rebuilt, never mixed in. The hex is the start of `model.onnx`'s sha256: the archive read
/// today computes exactly what that file does (tools/convert-model checks it), so the id and the
/// caches made before the conversion stay valid.
pub const MODEL_ID: &str = "all-MiniLM-L6-v2 int8 8199be6f";
/// Length of the model's vectors.
pub const DIM: usize = 384;
/// Longest input, in tokens; a longer sentence is cut (news sentences are rarely past 80).
const MAX_TOKENS: usize = 256;
/// Sentences run through the model together. Larger batches gained nothing on two cores and pad
/// more when lengths differ.
const BATCH: usize = 16;

/// The model as tract-nnef reads it: `model.onnx` converted once by `tools/convert-model`
/// (reading ONNX at run time would build tract's ONNX front end into every build of claimscope).
pub const MODEL_FILE: &str = "model.nnef.tar";
/// sha256 of the vendored `model.nnef.tar` and `tokenizer.json` (models/minilm/README.md).
const MODEL_SHA256: &str = "48ea630beab79e270811b145a78ecfdef4544a0d786e7791a045b10aa83db2de";
const TOKENIZER_SHA256: &str = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037";
/// Most bytes read of either file (they are 26 MB and 0.5 MB).
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
        "the sentence-embedding model was not found (looked in: {0}); semantic search is off, word search works as before. Set CLAIMSCOPE_MODEL_DIR to a folder holding model.nnef.tar and tokenizer.json"
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
    model: Arc<TypedRunnableModel>,
    tokenizer: tokenizers::Tokenizer,
}

impl Embedder {
    /// Loads the model from the first folder [`find_model`] names (about 1 s in release).
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
        let model = tract_nnef::nnef()
            .model_for_read(&mut std::io::Cursor::new(model_bytes))
            .and_then(TypedModel::into_optimized)
            .and_then(IntoRunnable::into_runnable)
            .map_err(|e| err(&file, &e))?;
        let mut tokenizer = tokenizers::Tokenizer::from_bytes(&tok_bytes).map_err(|e| err(&tok_path, &e))?;
        // The file pads and cuts every input to 128 tokens; batches are padded here to their
        // longest member instead, and cut at MAX_TOKENS.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(tokenizers::TruncationParams { max_length: MAX_TOKENS, ..Default::default() }))
            .map_err(|e| err(&tok_path, &e))?;
        Ok(Embedder { model, tokenizer })
    }

    /// One unit vector per text, in order. Texts are run in batches of similar length, on
    /// every core.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vector>, SemanticError> {
        self.embed_on(texts, crate::model::par::threads())
    }

    /// The same, on at most `threads` threads (the workbench leaves a core to the window
    /// while the analyst works).
    pub fn embed_on(&self, texts: &[&str], threads: usize) -> Result<Vec<Vector>, SemanticError> {
        let threads = threads.max(1);
        let mut encoded = Vec::with_capacity(texts.len());
        for t in texts {
            let e = self.tokenizer.encode(*t, true).map_err(|e| SemanticError::Run(e.to_string()))?;
            encoded.push(e.get_ids().iter().map(|&x| i64::from(x)).collect::<Vec<i64>>());
        }
        // Sorted by length, so a batch pads little; results put back in the caller's order.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| encoded[i].len());
        // Batches on the cores (tract runs one on one thread); results put back in order. Each
        // thread takes every `threads`-th batch of the list, so the batches (shortest first) are
        // dealt out in turn: a thread given all the long ones would finish last, the others idle.
        // Each thread keeps one state of the model for all its batches (a state per batch
        // re-planned the run every time).
        let sorted: Vec<&[usize]> = order.chunks(BATCH).collect();
        let dealt: Vec<Vec<&[usize]>> =
            (0..threads).map(|k| sorted.iter().skip(k).step_by(threads).copied().collect()).collect();
        let encoded = &encoded;
        let results: Vec<Result<Vec<(usize, Vector)>, SemanticError>> = std::thread::scope(|s| {
            let handles: Vec<_> = dealt
                .iter()
                .filter(|batches| !batches.is_empty())
                .map(|batches| {
                    s.spawn(move || {
                        let mut state = self.model.spawn().map_err(|e| SemanticError::Run(e.to_string()))?;
                        let mut out = Vec::new();
                        for batch in batches {
                            let ids: Vec<&[i64]> = batch.iter().map(|&i| encoded[i].as_slice()).collect();
                            out.extend(batch.iter().copied().zip(self.run(&mut state, &ids)?));
                        }
                        Ok(out)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err(SemanticError::Run("a reading thread stopped".into()))))
                .collect()
        });
        let mut out: Vec<Vector> = vec![Vector::new(); texts.len()];
        for part in results {
            for (i, v) in part? {
                out[i] = v;
            }
        }
        Ok(out)
    }

    /// The model on one padded batch, in `state` (one per thread, reused across its batches).
    fn run(&self, state: &mut TypedSimpleState, batch: &[&[i64]]) -> Result<Vec<Vector>, SemanticError> {
        let rows = batch.len();
        let width = batch.iter().map(|b| b.len()).max().unwrap_or(0).max(1);
        let mut ids = vec![0i64; rows * width];
        let mut mask = vec![0i64; rows * width];
        for (r, b) in batch.iter().enumerate() {
            ids[r * width..r * width + b.len()].copy_from_slice(b);
            mask[r * width..r * width + b.len()].fill(1);
        }
        let run_err = |e: &dyn std::fmt::Display| SemanticError::Run(e.to_string());
        let tensor = |v: Vec<i64>| -> Result<TValue, SemanticError> {
            Ok(tract_ndarray::Array2::from_shape_vec((rows, width), v).map_err(|e| run_err(&e))?.into_tensor().into())
        };
        let types = vec![0i64; rows * width];
        let outputs = state.run(tvec!(tensor(ids)?, tensor(mask.clone())?, tensor(types)?)).map_err(|e| run_err(&e))?;
        let states = outputs
            .first()
            .ok_or_else(|| SemanticError::Run("no output".into()))?
            .to_plain_array_view::<f32>()
            .map_err(|e| run_err(&e))?;
        let shape = states.shape();
        if shape.len() != 3 || shape[0] != rows || shape[1] != width || shape[2] != DIM {
            return Err(SemanticError::Run(format!("unexpected output shape {shape:?}")));
        }
        let mut vectors = Vec::with_capacity(rows);
        for r in 0..rows {
            let mut sum = vec![0f32; DIM];
            for t in 0..width {
                if mask[r * width + t] == 1 {
                    for (d, s) in sum.iter_mut().enumerate() {
                        *s += states[[r, t, d]];
                    }
                }
            }
            vectors.push(normalised(sum));
        }
        Ok(vectors)
    }
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
