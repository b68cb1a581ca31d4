//! The model's weights from `model.safetensors` (read with `safetensors`, the format's own
//! crate). The file holds the published ONNX file's tensors under BERT's parameter names (without
//! the export's `inner.` prefix): each matrix as int8 `…weight_q` (`[inputs][outputs]`, the ONNX
//! MatMul's layout) with one f32 scale per output column `…weight_scale`, and f32 biases and
//! LayerNorm parameters; `tools/convert-model` writes it.
//!
//! The matrices are dequantised here, once, as the ONNX graph does on every run (`f32(q) *
//! scale`, the same products); the embedding tables stay int8 (12 MB rather than 47) and a
//! batch's rows are dequantised as they are picked.

use safetensors::{Dtype, SafeTensors};

use crate::bert::{Bert, DIM, Layer, Linear, Norm, Table};

fn tensor<'a>(
    file: &'a SafeTensors<'a>,
    name: &str,
    dtype: Dtype,
) -> Result<safetensors::tensor::TensorView<'a>, String> {
    let t = file.tensor(name).map_err(|e| format!("{name}: {e}"))?;
    if t.dtype() != dtype {
        return Err(format!("{name}: {:?}, expected {dtype:?}", t.dtype()));
    }
    Ok(t)
}

fn f32s(file: &SafeTensors<'_>, name: &str) -> Result<Vec<f32>, String> {
    let t = tensor(file, name, Dtype::F32)?;
    Ok(t.data().chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
}

fn i8s(file: &SafeTensors<'_>, name: &str) -> Result<(Vec<i8>, Vec<usize>), String> {
    let t = tensor(file, name, Dtype::I8)?;
    Ok((t.data().iter().map(|&b| b as i8).collect(), t.shape().to_vec()))
}

fn table(file: &SafeTensors<'_>, base: &str) -> Result<Table, String> {
    let (q, shape) = i8s(file, &format!("{base}.weight_q"))?;
    let scale = f32s(file, &format!("{base}.weight_scale"))?;
    if shape.len() != 2 || shape[1] != DIM {
        return Err(format!("{base}: shape {shape:?}"));
    }
    Ok(Table { q, scale, rows: shape[0] })
}

fn norm(file: &SafeTensors<'_>, base: &str) -> Result<Norm, String> {
    Ok(Norm { weight: f32s(file, &format!("{base}.weight"))?, bias: f32s(file, &format!("{base}.bias"))? })
}

/// One dequantised matrix and its bias.
fn linear(file: &SafeTensors<'_>, base: &str) -> Result<Linear, String> {
    let (q, shape) = i8s(file, &format!("{base}.weight_q"))?;
    let scale = f32s(file, &format!("{base}.weight_scale"))?;
    let b = f32s(file, &format!("{base}.bias"))?;
    let [inputs, outputs] = shape[..] else { return Err(format!("{base}: shape {shape:?}")) };
    if scale.len() != outputs || b.len() != outputs {
        return Err(format!("{base}: {} scales and {} biases for {outputs} outputs", scale.len(), b.len()));
    }
    let w = q.chunks_exact(outputs).flat_map(|row| row.iter().zip(&scale).map(|(&q, &s)| f32::from(q) * s)).collect();
    Ok(Linear { w, b, inputs, outputs })
}

/// Q, K and V as one matrix, their columns side by side (one product instead of three).
fn side_by_side(parts: &[Linear; 3]) -> Result<Linear, String> {
    let inputs = parts[0].inputs;
    if parts.iter().any(|p| p.inputs != inputs) {
        return Err("query, key and value take different inputs".into());
    }
    let outputs: usize = parts.iter().map(|p| p.outputs).sum();
    let mut w = Vec::with_capacity(inputs * outputs);
    for r in 0..inputs {
        for p in parts {
            w.extend_from_slice(&p.w[r * p.outputs..(r + 1) * p.outputs]);
        }
    }
    let b = parts.iter().flat_map(|p| p.b.iter().copied()).collect();
    Ok(Linear { w, b, inputs, outputs })
}

/// The model in `bytes` (the whole file). Shapes are checked by [`Bert::check`] after.
pub(crate) fn read(bytes: &[u8]) -> Result<Bert, String> {
    let file = SafeTensors::deserialize(bytes).map_err(|e| e.to_string())?;
    let token_types = f32s(&file, "embeddings.token_type_embeddings.weight")?;
    let mut layers = Vec::new();
    for i in 0.. {
        let base = format!("encoder.layer.{i}");
        if file.tensor(&format!("{base}.attention.self.query.weight_q")).is_err() {
            break;
        }
        let attention = |part: &str| linear(&file, &format!("{base}.attention.self.{part}"));
        layers.push(Layer {
            qkv: side_by_side(&[attention("query")?, attention("key")?, attention("value")?])?,
            attention_out: linear(&file, &format!("{base}.attention.output.dense"))?,
            attention_norm: norm(&file, &format!("{base}.attention.output.LayerNorm"))?,
            intermediate: linear(&file, &format!("{base}.intermediate.dense"))?,
            output: linear(&file, &format!("{base}.output.dense"))?,
            output_norm: norm(&file, &format!("{base}.output.LayerNorm"))?,
        });
    }
    Ok(Bert {
        words: table(&file, "embeddings.word_embeddings")?,
        positions: table(&file, "embeddings.position_embeddings")?,
        token_type: token_types.get(..DIM).ok_or("token type embeddings: too short")?.to_vec(),
        embedding_norm: norm(&file, "embeddings.LayerNorm")?,
        layers,
    })
}
