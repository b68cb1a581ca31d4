//! `claimscope-convert-model MODEL.onnx TOKENIZER.json OUT.safetensors`: writes the tensors of
//! the vendored int8 ONNX sentence model as the safetensors file claimscope's engine reads, under
//! BERT's parameter names, so that no build of claimscope needs an ONNX reader or a graph runtime.
//! Run by hand when the model changes; the file's sha256 then goes into `crates/engine/src/lib.rs`
//! and `models/minilm/README.md`.
//!
//! The graph (read by tract-onnx) is a BERT whose matrices are `MatMul(x, Cast(q: int8) * scale)`
//! followed by `Add(·, bias)`: each such matrix is written under its bias's name as `…weight_q`
//! (int8, `[inputs][outputs]`) and `…weight_scale` (f32, one per output), with the bias; the
//! embedding tables as int8 rows with one scale per row; the LayerNorm parameters and the token
//! type table in f32. Nothing is recomputed: every number written is one stored in the ONNX file.
//!
//! Then [`check`] runs the ONNX graph (tract) and claimscope's engine on the written file over
//! the same sentences, alone and in a padded batch, and fails unless every vector agrees to 1e-5.
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use tract_onnx::prelude::*;
use tract_onnx::tract_core;
use tract_onnx::tract_core::internal::{bail, format_err};

fn main() -> TractResult<()> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [input, tokenizer, output] = args.as_slice() else {
        eprintln!("usage: claimscope-convert-model MODEL.onnx TOKENIZER.json OUT.safetensors");
        std::process::exit(2);
    };
    let inference = tract_onnx::onnx().model_for_path(input)?;
    let tensors = bert_tensors(&inference)?;
    let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = tensors
        .iter()
        .map(|(name, (dtype, shape, bytes))| {
            Ok((name.clone(), safetensors::tensor::TensorView::new(*dtype, shape.clone(), bytes)?))
        })
        .collect::<Result<_, safetensors::SafeTensorError>>()?;
    let mut metadata = std::collections::HashMap::new();
    metadata.insert(
        "source".to_owned(),
        "all-MiniLM-L6-v2 int8 ONNX (models/minilm/model.onnx, sha256 8199be6f…)".to_owned(),
    );
    // Bytes in the order of the names (BTreeMap), no time stamp: the same input gives the same file.
    let bytes = safetensors::serialize(views, Some(metadata))?;
    eprintln!("{} tensors, {} bytes", tensors.len(), bytes.len());
    // Written only once it is known to compute what the ONNX graph does.
    check(input, &bytes, &std::fs::read(tokenizer)?)?;
    std::fs::write(output, &bytes)?;
    eprintln!("wrote {}", output.display());
    Ok(())
}

type Stored = (safetensors::Dtype, Vec<usize>, Vec<u8>);

fn konst(model: &InferenceModel, outlet: OutletId) -> Option<Arc<Tensor>> {
    model.node(outlet.node).op_as::<tract_core::ops::konst::Const>().map(|c| c.val().clone())
}

fn stored(t: &Tensor, shape: Option<Vec<usize>>) -> TractResult<Stored> {
    let shape = shape.unwrap_or_else(|| t.shape().to_vec());
    if shape.iter().product::<usize>() != t.len() {
        bail!("shape {shape:?} for {} values", t.len());
    }
    if t.datum_type() == i8::datum_type() {
        Ok((safetensors::Dtype::I8, shape, t.to_plain_array_view::<i8>()?.iter().map(|&v| v as u8).collect()))
    } else if t.datum_type() == f32::datum_type() {
        Ok((
            safetensors::Dtype::F32,
            shape,
            t.to_plain_array_view::<f32>()?.iter().flat_map(|v| v.to_le_bytes()).collect(),
        ))
    } else {
        bail!("unexpected type {:?}", t.datum_type())
    }
}

/// Every tensor the engine reads, by its BERT name (the export's `inner.` prefix dropped).
fn bert_tensors(model: &InferenceModel) -> TractResult<BTreeMap<String, Stored>> {
    let mut out = BTreeMap::new();
    // `Mul(Cast(q: i8), scale: f32)` over two constants: a dequantised matrix, by its node.
    let mut int8: HashMap<usize, (Arc<Tensor>, Arc<Tensor>)> = HashMap::new();
    for node in model.nodes() {
        if node.op.name() != "Mul" || node.inputs.len() != 2 {
            continue;
        }
        let cast = model.node(node.inputs[0].node);
        if !cast.op.name().ends_with("Cast") || cast.inputs.len() != 1 {
            continue;
        }
        if let (Some(q), Some(scale)) = (konst(model, cast.inputs[0]), konst(model, node.inputs[1]))
            && q.datum_type() == i8::datum_type()
            && scale.datum_type() == f32::datum_type()
        {
            int8.insert(node.id, (q, scale));
        }
    }
    let bert_name = |name: &str| name.strip_prefix("inner.").unwrap_or(name).to_owned();
    // The embedding tables: int8 rows, one scale per row (`[rows, 1]` stored as `[rows]`).
    for node in model.nodes() {
        if let Some((q, scale)) = int8.get(&node.id)
            && let Some(base) = node.name.strip_suffix(".weight_mul").filter(|n| n.contains("embeddings"))
        {
            out.insert(format!("{}.weight_q", bert_name(base)), stored(q, None)?);
            out.insert(format!("{}.weight_scale", bert_name(base)), stored(scale, Some(vec![scale.len()]))?);
        }
    }
    // Each `Add(MatMul(x, dequantised), bias)`: the matrix under the bias's name.
    let mut matrices = 0;
    for node in model.nodes() {
        if !node.op.name().starts_with("MatMul") || node.inputs.len() != 2 {
            continue;
        }
        let Some((q, scale)) = int8.get(&node.inputs[1].node) else { continue };
        let bias = model
            .nodes()
            .iter()
            .filter(|n| n.op.name() == "Add" && n.inputs.contains(&OutletId::new(node.id, 0)))
            .flat_map(|n| n.inputs.iter())
            .find_map(|i| {
                let b = model.node(i.node);
                b.name.ends_with(".bias").then(|| (b.name.clone(), konst(model, *i)))
            });
        let Some((bias_name, Some(bias))) = bias else { bail!("no bias after {}", node.name) };
        let base = bert_name(bias_name.trim_end_matches(".bias"));
        out.insert(format!("{base}.weight_q"), stored(q, None)?);
        out.insert(format!("{base}.weight_scale"), stored(scale, Some(vec![scale.len()]))?);
        out.insert(format!("{base}.bias"), stored(&bias, None)?);
        matrices += 1;
    }
    // LayerNorm parameters and the token type table, stored in f32 as they are.
    for node in model.nodes() {
        if (node.name.contains("LayerNorm.") || node.name.ends_with("token_type_embeddings.weight"))
            && let Some(t) = konst(model, OutletId::new(node.id, 0))
        {
            out.insert(bert_name(&node.name), stored(&t, None)?);
        }
    }
    eprintln!("{matrices} matrices, {} int8 tables in all", int8.len());
    if matrices != 36 || int8.len() != 38 {
        bail!("expected 36 matrices (6 layers x 6) and 2 embedding tables");
    }
    Ok(out)
}

/// Sentences the check reads: short and long, plain and not.
const SENTENCES: [&str; 6] = [
    "The United States told the United Nations that the killing was self-defence.",
    "Iran vowed revenge.",
    "",
    "Die Regierung bestätigte am Dienstag, dass der Frachter „Ever Given“ wieder frei sei — nach sechs Tagen.",
    "The ship ran aground in the canal on Tuesday and blocked the waterway for six days while hundreds of vessels waited at both ends, tugs and dredgers worked day and night to free it, and insurers, owners and the canal authority argued over who would pay for the delay, the salvage and the cargo that never arrived.",
    "😀 #breaking @newsdesk: 3.5% of $1,000,000?!",
];

/// Runs the ONNX graph (tract, padded batches as onnxruntime is given them) and claimscope's
/// engine on `model` (the bytes just written), and fails unless every vector agrees to 1e-5.
fn check(onnx: &std::path::Path, model: &[u8], tokenizer_bytes: &[u8]) -> TractResult<()> {
    let reference = tract_onnx::onnx().model_for_path(onnx)?.into_optimized()?.into_runnable()?;
    let engine =
        claimscope_engine::Embedder::from_unchecked_bytes(model, tokenizer_bytes).map_err(|e| format_err!("{e}"))?;
    let mut tokenizer = tokenizers::Tokenizer::from_bytes(tokenizer_bytes).map_err(|e| format_err!("{e}"))?;
    tokenizer.with_padding(None);
    let ids: Vec<Vec<i64>> = SENTENCES
        .iter()
        .map(|s| {
            Ok(tokenizer
                .encode(*s, true)
                .map_err(|e| format_err!("{e}"))?
                .get_ids()
                .iter()
                .map(|&i| i64::from(i))
                .collect())
        })
        .collect::<TractResult<_>>()?;
    // All in one padded batch, as onnxruntime reads a batch.
    let rows = ids.len();
    let width = ids.iter().map(Vec::len).max().unwrap_or(1);
    let (mut flat, mut mask) = (vec![0i64; rows * width], vec![0i64; rows * width]);
    for (r, s) in ids.iter().enumerate() {
        flat[r * width..r * width + s.len()].copy_from_slice(s);
        mask[r * width..r * width + s.len()].fill(1);
    }
    let input = |v: Vec<i64>| -> TractResult<TValue> {
        Ok(tract_ndarray::Array2::from_shape_vec((rows, width), v)?.into_tensor().into())
    };
    let out = reference.spawn()?.run(tvec!(input(flat)?, input(mask.clone())?, input(vec![0; rows * width])?))?;
    let states = out[0].to_plain_array_view::<f32>()?;
    let got = engine.embed_on(&SENTENCES, 2).map_err(|e| format_err!("{e}"))?;
    let mut worst = 0f32;
    for r in 0..rows {
        let mut sum = vec![0f32; 384];
        for t in 0..width {
            if mask[r * width + t] == 1 {
                for (d, s) in sum.iter_mut().enumerate() {
                    *s += states[[r, t, d]];
                }
            }
        }
        let norm = sum.iter().map(|v| v * v).sum::<f32>().sqrt();
        for (a, b) in sum.iter().zip(&got[r]) {
            worst = worst.max((a / norm - b).abs());
        }
    }
    eprintln!("check: {rows} sentences ({width} tokens padded), largest difference of a vector component {worst:e}");
    if worst > 1e-5 {
        bail!("the engine does not compute what the ONNX model does");
    }
    Ok(())
}
