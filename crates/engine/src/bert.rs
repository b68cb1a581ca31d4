//! The encoder of all-MiniLM-L6-v2 (a 6-layer BERT, 384 wide, 12 heads), computed here
//! directly: matrix products by `gemm` (its AVX-512/AVX2 kernels, chosen at run time), the rest in
//! loops that the compiler vectorises under the same run-time choice (`pulp`).
//!
//! Why not a general graph runtime: the model is one fixed, well-known architecture, and a
//! runtime spends on it what a BERT does not need. tract ran this model at 0.58x onnxruntime's
//! speed: 56% of its time was in a matrix kernel running at ~60% of the CPU's peak (it does not
//! block the shared dimension, so a weight panel streams from L2), the rest in padding, packing
//! and broadcasting. Here:
//! - a batch's sentences are packed end to end, not padded: the linear layers see only real
//!   tokens, and attention runs per sentence over that sentence's tokens. A padded batch masks
//!   its padding keys to -3.4e38, whose softmax weight is exactly 0 in f32, so each real token's
//!   state is what the padded graph computes;
//! - the three projections Q, K, V are one product (their weights side by side);
//! - the bias (and the residual) are written into the output before the product, which adds to
//!   them (one pass fewer each).
//!
//! What the ONNX graph computes, step by step, is kept (the order of the embedding sums, the
//! scaling of Q and K by 32^-1/4 each, LayerNorm over f32, the erf GELU), so the vectors are
//! onnxruntime's to float rounding; `tests/workbench/semantic.rs` checks them against vectors
//! onnxruntime computed, and `tools/convert-model` against tract's run of the ONNX file.

use pulp::Arch;

/// Width of the token states.
pub(crate) const DIM: usize = 384;
const HEADS: usize = 12;
const HEAD: usize = DIM / HEADS;
const INTERMEDIATE: usize = 1536;
const LAYERS: usize = 6;
/// Rows of the position table: the longest input the model takes.
pub(crate) const POSITIONS: usize = 512;
/// LayerNormalization's epsilon in the graph (1e-12 as f32).
const EPS: f32 = 1e-12;
/// The graph multiplies Q and K each by 32^-1/4 (so their product is scaled by 1/sqrt(32)); the
/// f32 constant as it is stored there.
const QK_SCALE: f32 = 0.420_448_2;

/// A LayerNormalization's scale and shift.
pub(crate) struct Norm {
    pub weight: Vec<f32>,
    pub bias: Vec<f32>,
}

/// `y = x · w + b`, `w` row-major `[inputs][outputs]` (the ONNX MatMul's layout), dequantised.
pub(crate) struct Linear {
    pub w: Vec<f32>,
    pub b: Vec<f32>,
    pub inputs: usize,
    pub outputs: usize,
}

pub(crate) struct Layer {
    /// Q, K and V side by side: 384 → 1152.
    pub qkv: Linear,
    pub attention_out: Linear,
    pub attention_norm: Norm,
    pub intermediate: Linear,
    pub output: Linear,
    pub output_norm: Norm,
}

/// An int8 table with one f32 scale per row (the embedding tables as stored).
pub(crate) struct Table {
    pub q: Vec<i8>,
    pub scale: Vec<f32>,
    pub rows: usize,
}

pub(crate) struct Bert {
    pub words: Table,
    pub positions: Table,
    /// Row 0 of the token-type table (every input is of type 0).
    pub token_type: Vec<f32>,
    pub embedding_norm: Norm,
    pub layers: Vec<Layer>,
}

/// Buffers one reading thread reuses from batch to batch.
#[derive(Default)]
pub(crate) struct Scratch {
    x: Vec<f32>,
    qkv: Vec<f32>,
    context: Vec<f32>,
    hidden: Vec<f32>,
    wide: Vec<f32>,
    scores: Vec<f32>,
}

impl Bert {
    /// Checks the shapes a forward pass relies on (the file was read by name; a wrong shape
    /// would index out of bounds).
    pub(crate) fn check(&self) -> Result<(), String> {
        let table = |name: &str, t: &Table, rows_at_least: usize| -> Result<(), String> {
            if t.rows < rows_at_least || t.q.len() != t.rows * DIM || t.scale.len() != t.rows {
                return Err(format!("{name}: unexpected shape"));
            }
            Ok(())
        };
        table("word embeddings", &self.words, 1)?;
        table("position embeddings", &self.positions, POSITIONS)?;
        let norm = |name: &str, n: &Norm| -> Result<(), String> {
            if n.weight.len() != DIM || n.bias.len() != DIM {
                return Err(format!("{name}: unexpected shape"));
            }
            Ok(())
        };
        let linear = |name: &str, l: &Linear, inputs: usize, outputs: usize| -> Result<(), String> {
            if l.inputs != inputs || l.outputs != outputs || l.w.len() != inputs * outputs || l.b.len() != outputs {
                return Err(format!("{name}: unexpected shape"));
            }
            Ok(())
        };
        if self.token_type.len() != DIM {
            return Err("token type embeddings: unexpected shape".into());
        }
        norm("embedding norm", &self.embedding_norm)?;
        if self.layers.len() != LAYERS {
            return Err(format!("{} layers, expected {LAYERS}", self.layers.len()));
        }
        for (i, l) in self.layers.iter().enumerate() {
            linear(&format!("layer {i} qkv"), &l.qkv, DIM, 3 * DIM)?;
            linear(&format!("layer {i} attention output"), &l.attention_out, DIM, DIM)?;
            norm(&format!("layer {i} attention norm"), &l.attention_norm)?;
            linear(&format!("layer {i} intermediate"), &l.intermediate, DIM, INTERMEDIATE)?;
            linear(&format!("layer {i} output"), &l.output, INTERMEDIATE, DIM)?;
            norm(&format!("layer {i} output norm"), &l.output_norm)?;
        }
        Ok(())
    }

    /// The last hidden states of `sentences` (token ids, each at most [`POSITIONS`] long, each
    /// below the vocabulary's size: the caller checks), packed end to end: row `t` of the result
    /// is the `t`-th token of the concatenation. `check` has passed.
    pub(crate) fn forward<'s>(&self, sentences: &[&[u32]], scratch: &'s mut Scratch) -> &'s [f32] {
        let arch = Arch::new();
        let n: usize = sentences.iter().map(|s| s.len()).sum();
        let Scratch { x, qkv, context, hidden, wide, scores } = scratch;
        x.clear();
        x.resize(n * DIM, 0.0);
        arch.dispatch(Step::Embed { bert: self, sentences, x });
        for layer in &self.layers {
            // Q, K and V of every token.
            prefill(arch, qkv, &layer.qkv.b, None, n);
            crate::matmul::add_product(qkv, x, &layer.qkv.w, n, DIM, 3 * DIM);
            arch.dispatch(Step::ScaleQueriesAndKeys(qkv));
            context.clear();
            context.resize(n * DIM, 0.0);
            attention(arch, sentences, qkv, context, scores);
            // Output projection plus the residual, then LayerNorm.
            prefill(arch, hidden, &layer.attention_out.b, Some(x), n);
            crate::matmul::add_product(hidden, context, &layer.attention_out.w, n, DIM, DIM);
            arch.dispatch(Step::Norm(hidden, &layer.attention_norm));
            // The feed-forward block.
            prefill(arch, wide, &layer.intermediate.b, None, n);
            crate::matmul::add_product(wide, hidden, &layer.intermediate.w, n, DIM, INTERMEDIATE);
            arch.dispatch(Step::Gelu(wide));
            prefill(arch, x, &layer.output.b, Some(hidden), n);
            crate::matmul::add_product(x, wide, &layer.output.w, n, INTERMEDIATE, DIM);
            arch.dispatch(Step::Norm(x, &layer.output_norm));
        }
        x
    }

    /// Word + token type + position embeddings, then LayerNorm (the graph's order of sums).
    #[inline(always)]
    fn embed(&self, sentences: &[&[u32]], x: &mut [f32]) {
        let mut rows = x.chunks_exact_mut(DIM);
        for s in sentences {
            for (p, &id) in s.iter().enumerate() {
                let Some(row) = rows.next() else { return };
                let (id, p) = (id as usize, p.min(POSITIONS - 1));
                let (wq, ws) = (&self.words.q[id * DIM..(id + 1) * DIM], self.words.scale[id]);
                let (pq, ps) = (&self.positions.q[p * DIM..(p + 1) * DIM], self.positions.scale[p]);
                for d in 0..DIM {
                    row[d] = (f32::from(wq[d]) * ws + self.token_type[d]) + f32::from(pq[d]) * ps;
                }
            }
        }
        layer_norm(x, &self.embedding_norm);
    }
}

/// The steps between the matrix products, each run by [`pulp::Arch::dispatch`] inside a function
/// compiled for the best instruction set the CPU has (AVX-512, AVX2 or the baseline), where the
/// loops below are vectorised. A struct with an `#[inline(always)]` method rather than a closure:
/// a closure is called through a shim that the compiler may keep out of line, and then its loops
/// are compiled for the baseline only (seen: 20% of the time in SSE loops).
enum Step<'a> {
    Embed {
        bert: &'a Bert,
        sentences: &'a [&'a [u32]],
        x: &'a mut [f32],
    },
    ScaleQueriesAndKeys(&'a mut [f32]),
    /// Each row of `len` of `rows`.
    Softmax {
        rows: &'a mut [f32],
        len: usize,
    },
    Norm(&'a mut [f32], &'a Norm),
    Gelu(&'a mut [f32]),
    /// Each row of `out` (cleared) set to the bias, plus the residual's row when there is one.
    Prefill {
        out: &'a mut Vec<f32>,
        bias: &'a [f32],
        residual: Option<&'a [f32]>,
        n: usize,
    },
}

impl pulp::WithSimd for Step<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        match self {
            Step::Embed { bert, sentences, x } => bert.embed(sentences, x),
            Step::ScaleQueriesAndKeys(qkv) => {
                for row in qkv.chunks_exact_mut(3 * DIM) {
                    for v in &mut row[..2 * DIM] {
                        *v *= QK_SCALE;
                    }
                }
            }
            Step::Softmax { rows, len } => {
                for row in rows.chunks_exact_mut(len) {
                    softmax(row);
                }
            }
            Step::Norm(x, norm) => layer_norm(x, norm),
            Step::Gelu(x) => {
                for v in x.iter_mut() {
                    *v = gelu(*v);
                }
            }
            Step::Prefill { out, bias, residual, n } => {
                out.clear();
                match residual {
                    Some(r) => {
                        for row in r.chunks_exact(bias.len()).take(n) {
                            out.extend(row.iter().zip(bias).map(|(a, b)| a + b));
                        }
                    }
                    None => {
                        for _ in 0..n {
                            out.extend_from_slice(bias);
                        }
                    }
                }
            }
        }
    }
}

/// `out` set to `n` rows of `bias` (plus `residual`), ready for the product to add to.
fn prefill(arch: Arch, out: &mut Vec<f32>, bias: &[f32], residual: Option<&[f32]>, n: usize) {
    out.reserve(n * bias.len());
    arch.dispatch(Step::Prefill { out, bias, residual, n });
}

/// Each head of each sentence attends over that sentence's tokens only (see the module's
/// comment): `context[t] = softmax(q_t · K^T) · V` per head, Q and K already scaled. The two
/// products of a head are small (a sentence's tokens by 32) but still faster through gemm, which
/// reads Q, K and V where they lie in the Q|K|V rows, than as loops.
fn attention(arch: Arch, sentences: &[&[u32]], qkv: &[f32], context: &mut [f32], scores: &mut Vec<f32>) {
    use crate::matmul::{Strided, product};
    let mut start = 0;
    for s in sentences {
        let len = s.len();
        let rows = &qkv[start * 3 * DIM..(start + len) * 3 * DIM];
        let out = &mut context[start * DIM..(start + len) * DIM];
        start += len;
        scores.clear();
        scores.resize(len * len, 0.0);
        for h in 0..HEADS {
            let at = |part: usize| &rows[part * DIM + h * HEAD..];
            let queries = Strided { data: at(0), rows: len, cols: HEAD, row_stride: 3 * DIM, col_stride: 1 };
            let keys_t = Strided { data: at(1), rows: HEAD, cols: len, row_stride: 1, col_stride: 3 * DIM };
            product(scores, len, 1, queries, keys_t, false);
            arch.dispatch(Step::Softmax { rows: scores, len });
            let weights = Strided { data: scores, rows: len, cols: len, row_stride: len, col_stride: 1 };
            let values = Strided { data: at(2), rows: len, cols: HEAD, row_stride: 3 * DIM, col_stride: 1 };
            product(&mut out[h * HEAD..], DIM, 1, weights, values, false);
        }
    }
}

#[inline(always)]
fn softmax(x: &mut [f32]) {
    let max = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    for v in x.iter_mut() {
        *v = exp(*v - max);
    }
    let sum = sum(x);
    let inv = 1.0 / sum;
    for v in x.iter_mut() {
        *v *= inv;
    }
}

/// LayerNormalization over each row of `DIM`, in f32 as the graph states (`stash_type` 1).
#[inline(always)]
fn layer_norm(x: &mut [f32], norm: &Norm) {
    for row in x.chunks_exact_mut(DIM) {
        let mean = sum(row) / DIM as f32;
        for v in row.iter_mut() {
            *v -= mean;
        }
        let var = sum_of_squares(row) / DIM as f32;
        let inv = 1.0 / (var + EPS).sqrt();
        for ((v, w), b) in row.iter_mut().zip(&norm.weight).zip(&norm.bias) {
            *v = *v * inv * w + b;
        }
    }
}

/// Lanes of the sums below: independent partial sums are what lets the compiler vectorise a
/// float reduction (it may not reorder one running sum).
const LANES: usize = 16;

#[inline(always)]
fn sum(x: &[f32]) -> f32 {
    let mut acc = [0f32; LANES];
    let chunks = x.chunks_exact(LANES);
    let rest: f32 = chunks.remainder().iter().sum();
    for c in chunks {
        for l in 0..LANES {
            acc[l] += c[l];
        }
    }
    acc.iter().sum::<f32>() + rest
}

#[inline(always)]
fn sum_of_squares(x: &[f32]) -> f32 {
    let mut acc = [0f32; LANES];
    let chunks = x.chunks_exact(LANES);
    let rest: f32 = chunks.remainder().iter().map(|v| v * v).sum();
    for c in chunks {
        for l in 0..LANES {
            acc[l] += c[l] * c[l];
        }
    }
    acc.iter().sum::<f32>() + rest
}

/// The graph's GELU: `x * (0.5 * (1 + erf(x / sqrt 2)))`.
#[inline(always)]
fn gelu(x: f32) -> f32 {
    x * (0.5 * (1.0 + erf(x / std::f32::consts::SQRT_2)))
}

/// erf by Abramowitz and Stegun 7.1.26 (absolute error under 1.5e-7), without branches so that
/// it vectorises: `erf(|x|) = 1 - (a1 t + … + a5 t^5) e^(-x^2)`, `t = 1 / (1 + p|x|)`.
#[inline(always)]
pub(crate) fn erf(x: f32) -> f32 {
    const P: f32 = 0.327_591_1;
    const A: [f32; 5] = [0.254_829_6, -0.284_496_74, 1.421_413_8, -1.453_152_1, 1.061_405_4];
    let a = x.abs();
    let t = 1.0 / (1.0 + P * a);
    let poly = t * (A[0] + t * (A[1] + t * (A[2] + t * (A[3] + t * A[4]))));
    let y = 1.0 - poly * exp(-a * a);
    y.copysign(x)
}

/// e^x for the softmax and erf, without branches or calls so that it vectorises (libm's `expf`
/// is a call per element). Cephes' method: x = n ln 2 + r with |r| <= ln 2 / 2, e^r by its
/// degree-6 polynomial, 2^n written into the exponent. Relative error about 2e-7 over the range
/// used; inputs below -87 give ~1e-38 rather than 0, above 88 are clamped.
#[inline(always)]
pub(crate) fn exp(x: f32) -> f32 {
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // Adding and subtracting 1.5 * 2^23 rounds to the nearest integer with plain float
    // arithmetic (SSE2 has no rounding instruction).
    const ROUND: f32 = 12_582_912.0;
    let x = x.clamp(-87.0, 88.0);
    let n = (x * std::f32::consts::LOG2_E + ROUND) - ROUND;
    let r = x - n * LN2_HI - n * LN2_LO;
    let r2 = r * r;
    let p = ((((1.987_569_1e-4 * r + 1.398_199_9e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r + 1.666_666_5e-1)
        * r
        + 0.5;
    let e = p * r2 + r + 1.0;
    // n is in [-126, 127] after the clamp, so the exponent field is in range.
    e * f32::from_bits(((n as i32 + 127) as u32) << 23)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_and_erf_are_close_to_libm() {
        let mut worst_exp = 0f32;
        let mut worst_erf = 0f32;
        for i in -20_000..=2_000 {
            let x = i as f32 / 200.0; // -100 .. 10
            if x > -80.0 {
                worst_exp = worst_exp.max((exp(x) - x.exp()).abs() / x.exp());
            }
        }
        for i in -1000..=1000 {
            let x = i as f32 / 100.0;
            worst_erf = worst_erf.max((erf(x) - libm::erff(x)).abs());
        }
        assert!(worst_exp < 1e-6, "exp relative error {worst_exp}");
        assert!(worst_erf < 3e-7, "erf absolute error {worst_erf}");
        assert!(exp(-1e30) < 1e-37 && exp(-1e30) >= 0.0);
        assert!(erf(0.0).abs() < 1e-7 && erf(-2.0) == -erf(2.0));
    }

    #[test]
    fn softmax_and_layer_norm() {
        let mut x = vec![1.0f32, 2.0, 3.0];
        softmax(&mut x);
        let e: Vec<f32> = [1.0f32, 2.0, 3.0].iter().map(|v| (v - 3.0f32).exp()).collect();
        let s: f32 = e.iter().sum();
        for (a, b) in x.iter().zip(&e) {
            assert!((a - b / s).abs() < 1e-6);
        }
        let norm = Norm { weight: vec![2.0; DIM], bias: vec![1.0; DIM] };
        let mut row: Vec<f32> = (0..DIM).map(|i| i as f32).collect();
        layer_norm(&mut row, &norm);
        let mean = row.iter().sum::<f32>() / DIM as f32;
        assert!((mean - 1.0).abs() < 1e-4, "{mean}");
        let var = row.iter().map(|v| (v - 1.0) * (v - 1.0)).sum::<f32>() / DIM as f32;
        assert!((var - 4.0).abs() < 1e-3, "{var}");
    }
}
