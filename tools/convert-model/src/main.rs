//! `claimscope-convert-model MODEL.onnx OUT.nnef.tar`: converts the vendored ONNX sentence model
//! into the NNEF archive claimscope's engine reads with tract-nnef alone, so that no build of
//! claimscope compiles tract's ONNX front end (tract-onnx, tract-hir, prost). Run by hand when the
//! model changes; the archive's sha256 then goes into `crates/engine/src/lib.rs` and
//! `models/minilm/README.md`.
//!
//! The graph is typed and decluttered as tract does before optimising, written as NNEF, then
//! rewritten in four ways that keep every value the same (models/minilm/README.md says why):
//! - [`restore_int8`]: tract folds the model's `int8 × scale` matrices into f32 when it writes
//!   (55 MB); they go back as int8 (25.7 MB) and are folded again in memory on load;
//! - [`gather_before_dequantising`]: an embedding table's rows are picked before they are
//!   dequantised, not after;
//! - [`gelu_as_tract_finds_it`]: the GELU in the order tract fuses;
//! - [`without_nan_guards`]: the identity `select(is_nan(p), 0, p)` after each softmax dropped.
//!
//! Then [`check`] runs the ONNX graph and the archive on one padded batch and fails unless every
//! output is identical, and times both.
use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

use tract_nnef::tract_core;
use tract_nnef::tract_core::internal::{bail, format_err};
use tract_onnx::prelude::*;
use tract_transformers::WithTractTransformers;

/// An int8 matrix and its f32 scale, keyed by the name of the node that multiplies them.
type Int8 = HashMap<String, (Arc<Tensor>, Arc<Tensor>)>;

fn main() -> TractResult<()> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: claimscope-convert-model MODEL.onnx OUT.nnef.tar");
        std::process::exit(2);
    };
    let inference = tract_onnx::onnx().model_for_path(input)?;
    let int8 = int8_weights(&inference);
    let model = inference.into_typed()?.into_decluttered()?;
    // tract_transformers' registry, in case the graph holds its fused operators.
    let nnef = tract_nnef::nnef().with_tract_transformers();
    let mut archive = Vec::new();
    nnef.write_to_tar(&model, &mut archive)?;
    let (archive, restored) = restore_int8(&archive, &int8)?;
    let archive = rewrite_graph(&archive, gather_before_dequantising)?;
    let archive = rewrite_graph(&archive, gelu_as_tract_finds_it)?;
    let archive = rewrite_graph(&archive, without_nan_guards)?;
    eprintln!("{} bytes; {restored} of {} matrices as int8", archive.len(), int8.len());
    // Written only once it is known to compute what the ONNX graph does.
    check(&model, input, &archive)?;
    std::fs::write(output, &archive)?;
    eprintln!("wrote {}", output.display());
    Ok(())
}

/// Every `Mul(Cast(q: i8), scale: f32)` over two constants of the ONNX graph.
fn int8_weights(model: &InferenceModel) -> Int8 {
    let konst = |outlet: OutletId| -> Option<Arc<Tensor>> {
        model.node(outlet.node).op_as::<tract_core::ops::konst::Const>().map(|c| c.val().clone())
    };
    let mut found = HashMap::new();
    for node in model.nodes() {
        if node.op.name() != "Mul" || node.inputs.len() != 2 {
            continue;
        }
        let cast = model.node(node.inputs[0].node);
        if !cast.op.name().ends_with("Cast") || cast.inputs.len() != 1 {
            continue;
        }
        if let (Some(q), Some(scale)) = (konst(cast.inputs[0]), konst(node.inputs[1]))
            && q.datum_type() == i8::datum_type()
            && scale.datum_type() == f32::datum_type()
        {
            found.insert(node.name.clone(), (q, scale));
        }
    }
    found
}

/// `cast(q) * scale` as tract computes it.
fn dequantised(q: &Tensor, scale: &Tensor) -> TractResult<Tensor> {
    let f = q.cast_to::<f32>()?.into_owned();
    let product = &f.to_plain_array_view::<f32>()? * &scale.to_plain_array_view::<f32>()?;
    Ok(product.into_tensor())
}

/// The archive with each f32 variable that is exactly one of `int8`'s dequantised matrices
/// replaced by the int8 matrix, its scale, and the cast and multiplication that make it. Only a
/// variable whose every bit matches is replaced (a fold that went on through a transpose, say,
/// is left in f32).
fn restore_int8(archive: &[u8], int8: &Int8) -> TractResult<(Vec<u8>, usize)> {
    let mut files = unpack(archive)?;
    let graph_at = graph_index(&files)?;
    let graph = String::from_utf8(files[graph_at].1.clone())?;
    let mut lines: Vec<String> = Vec::new();
    let mut restored = 0;
    let mut added: Vec<(String, Vec<u8>)> = Vec::new();
    let mut dropped: Vec<String> = Vec::new();
    for line in graph.lines() {
        let replaced = (|| -> TractResult<Option<Vec<String>>> {
            let Some((ident, rest)) = line.trim_start().split_once(" = variable<scalar>(label = \"") else {
                return Ok(None);
            };
            let Some((label, _)) = rest.split_once('"') else { return Ok(None) };
            let Some(base) = int8.keys().find(|b| label == format!("{b}.0") || label == b.as_str()) else {
                return Ok(None);
            };
            let Some((_, bytes)) = files.iter().find(|(n, _)| *n == format!("{label}.dat")) else {
                return Ok(None);
            };
            let stored = tract_nnef::tensors::read_tensor(bytes.as_slice())?;
            let (q, scale) = &int8[base];
            let expected = dequantised(q, scale)?;
            let same = stored.datum_type() == f32::datum_type()
                && stored.shape() == expected.shape()
                && stored
                    .to_plain_array_view::<f32>()?
                    .iter()
                    .zip(expected.to_plain_array_view::<f32>()?.iter())
                    .all(|(a, b)| a.to_bits() == b.to_bits());
            if !same {
                return Ok(None);
            }
            let shape = |t: &Tensor| t.shape().iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ");
            let (q_label, s_label) = (format!("{base}_q"), format!("{base}_scale"));
            let mut q_bytes = Vec::new();
            tract_nnef::tensors::write_tensor(&mut q_bytes, q)?;
            let mut s_bytes = Vec::new();
            tract_nnef::tensors::write_tensor(&mut s_bytes, scale)?;
            added.push((format!("{q_label}.dat"), q_bytes));
            added.push((format!("{s_label}.dat"), s_bytes));
            dropped.push(format!("{label}.dat"));
            restored += 1;
            Ok(Some(vec![
                format!("  {ident}_q = variable<scalar>(label = \"{q_label}\", shape = [{}]);", shape(q)),
                format!("  {ident}_f = tract_core_cast({ident}_q, to = \"f32\");"),
                format!("  {ident}_scale = variable<scalar>(label = \"{s_label}\", shape = [{}]);", shape(scale)),
                format!("  {ident} = mul({ident}_f, {ident}_scale);"),
            ]))
        })()?;
        match replaced {
            Some(new) => lines.extend(new),
            None => lines.push(line.to_owned()),
        }
    }
    files[graph_at].1 = (lines.join("\n") + "\n").into_bytes();
    files.retain(|(n, _)| !dropped.contains(n));
    files.extend(added);
    Ok((pack(&files)?, restored))
}

/// The word-embedding table is too large for tract to fold (30,522 × 384 in f32: 47 MB), so the
/// graph as written dequantises the whole table on every run and then picks the batch's rows.
/// Picking the int8 rows and their scales first, then dequantising only those, computes the same
/// values (the same cast and product for each element) at a fraction of the cost.
fn gather_before_dequantising(graph: &str) -> TractResult<String> {
    let lines: Vec<&str> = graph.lines().collect();
    // `A = tract_core_cast(Q, to = "f32");` … `M = mul(A, S);` … `E = tract_core_gather(M, IDS, axis = 0);`
    let mut out: Vec<Option<String>> = lines.iter().map(|l| Some((*l).to_owned())).collect();
    let mut rewritten = 0;
    for (g, line) in lines.iter().enumerate() {
        let Some((embedded, right)) = assignment(line) else { continue };
        let Some([table, ids, "axis = 0"]) = call(&right, "tract_core_gather") else { continue };
        let Some(m) = defined(&lines, table) else { continue };
        let Some((_, mul)) = assignment(lines[m]) else { continue };
        let Some([cast, scale]) = call(&mul, "mul") else { continue };
        let Some(c) = defined(&lines, cast) else { continue };
        let Some((_, cast_right)) = assignment(lines[c]) else { continue };
        let Some([q, "to = \"f32\""]) = call(&cast_right, "tract_core_cast") else { continue };
        // The cast and the product feed only this gather.
        if uses(&lines, cast) != 1 || uses(&lines, table) != 1 {
            continue;
        }
        out[c] = None;
        out[m] = None;
        out[g] = Some(
            [
                format!("  {embedded}_rows_q = tract_core_gather({q}, {ids}, axis = 0);"),
                format!("  {embedded}_rows_f = tract_core_cast({embedded}_rows_q, to = \"f32\");"),
                format!("  {embedded}_rows_scale = tract_core_gather({scale}, {ids}, axis = 0);"),
                format!("  {embedded} = mul({embedded}_rows_f, {embedded}_rows_scale);"),
            ]
            .join("\n"),
        );
        rewritten += 1;
    }
    eprintln!("{rewritten} embedding table(s) gathered before dequantising");
    let text: Vec<String> = out.into_iter().flatten().collect();
    Ok(text.join("\n") + "\n")
}

/// The model's GELU is `x * (0.5 * (1 + erf(x / sqrt 2)))`; tract fuses GELU into one operator
/// (one pass over the activations instead of five) only when it is written
/// `(0.5 * x) * (1 + erf(x / sqrt 2))`. Halving is exact in floating point, so both orders give
/// the same bits.
fn gelu_as_tract_finds_it(graph: &str) -> TractResult<String> {
    let lines: Vec<&str> = graph.lines().collect();
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let mut rewritten = 0;
    for (g, line) in lines.iter().enumerate() {
        let Some((gelu, right)) = assignment(line) else { continue };
        let Some([x, m]) = call(&right, "mul") else { continue };
        let Some(mi) = defined(&lines, m) else { continue };
        let Some((_, m_right)) = assignment(lines[mi]) else { continue };
        let Some([half, one_plus_erf]) = call(&m_right, "mul") else { continue };
        let is_half = defined(&lines, half)
            .and_then(|i| assignment(lines[i]))
            .is_some_and(|(_, v)| v.trim_matches(|c| c == '[' || c == ']') == "0.5");
        // `one_plus_erf = add(e, 1)` (either order) with `e = tract_core_erf(…)`.
        let erf_added = defined(&lines, one_plus_erf).and_then(|i| assignment(lines[i])).is_some_and(|(_, v)| {
            call::<2>(&v, "add").is_some_and(|args| {
                args.iter().any(|n| defined(&lines, n).is_some_and(|i| lines[i].contains("tract_core_erf(")))
            })
        });
        if !is_half || !erf_added || uses(&lines, m) != 1 || uses(&lines, one_plus_erf) != 1 {
            continue;
        }
        out[mi] = format!("  {m} = mul({x}, {half});");
        out[g] = format!("  {gelu} = mul({m}, {one_plus_erf});");
        rewritten += 1;
    }
    eprintln!("{rewritten} GELU(s) written in the order tract fuses");
    Ok(out.join("\n") + "\n")
}

/// After each softmax the export guards against NaN: `select(is_nan(p), 0, p)`. The attention
/// mask is a finite -3.4e38, not -inf, so a softmax here is NaN only if its input already is
/// (which finite weights and token ids never make): the guard is the identity on every input
/// the engine gives, and costs two passes over every attention matrix in tract's generic
/// (unvectorised) path. The guard's output is replaced by its input.
fn without_nan_guards(graph: &str) -> TractResult<String> {
    let lines: Vec<&str> = graph.lines().collect();
    let mut out: Vec<Option<String>> = lines.iter().map(|l| Some((*l).to_owned())).collect();
    let mut renamed: Vec<(String, String)> = Vec::new();
    for (w, line) in lines.iter().enumerate() {
        let Some((guarded, right)) = assignment(line) else { continue };
        let Some([test, _zero, value]) = call(&right, "select") else { continue };
        let Some(n) = defined(&lines, test) else { continue };
        let is_nan_of_value = assignment(lines[n]).is_some_and(|(_, r)| call(&r, "tract_core_is_nan") == Some([value]));
        if !is_nan_of_value || uses(&lines, test) != 1 {
            continue;
        }
        out[n] = None;
        out[w] = None;
        renamed.push((guarded, (*value).to_owned()));
    }
    let text: Vec<String> = out
        .into_iter()
        .flatten()
        .map(|l| renamed.iter().fold(l, |l, (from, to)| replace_identifier(&l, from, to)))
        .collect();
    eprintln!("{} NaN guard(s) after softmax removed", renamed.len());
    Ok(text.join("\n") + "\n")
}

/// The line that assigns `name`.
fn defined(lines: &[&str], name: &str) -> Option<usize> {
    lines.iter().position(|l| assignment(l).is_some_and(|(left, _)| left == name))
}

/// How many lines other than its own assignment name `name`.
fn uses(lines: &[&str], name: &str) -> usize {
    lines.iter().filter(|l| mentions(l, name) && assignment(l).is_none_or(|(left, _)| left != name)).count()
}

/// The `N` arguments of `op(a, b, …)` when `right` is exactly that call.
fn call<'a, const N: usize>(right: &'a str, op: &str) -> Option<[&'a str; N]> {
    let args = right.strip_prefix(op)?.strip_prefix('(')?.strip_suffix(')')?;
    args.split(", ").collect::<Vec<_>>().try_into().ok()
}

/// `left = right;` of a graph line, without the semicolon.
fn assignment(line: &str) -> Option<(String, String)> {
    let (left, right) = line.trim().split_once(" = ")?;
    Some((left.to_owned(), right.trim_end_matches(';').to_owned()))
}

fn graph_index(files: &[(String, Vec<u8>)]) -> TractResult<usize> {
    files.iter().position(|(n, _)| n == "graph.nnef").ok_or_else(|| format_err!("no graph.nnef in the archive"))
}

/// The archive with its `graph.nnef` passed through `rewrite`.
fn rewrite_graph(archive: &[u8], rewrite: impl Fn(&str) -> TractResult<String>) -> TractResult<Vec<u8>> {
    let mut files = unpack(archive)?;
    let at = graph_index(&files)?;
    let graph = String::from_utf8(files[at].1.clone())?;
    files[at].1 = rewrite(&graph)?.into_bytes();
    pack(&files)
}

fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether `line` names `identifier` (as a whole word).
fn mentions(line: &str, identifier: &str) -> bool {
    replace_identifier(line, identifier, "\u{0}") != line
}

/// `line` with every whole-word `from` replaced by `to`.
fn replace_identifier(line: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut copied = 0;
    for (at, _) in line.match_indices(from) {
        let before = line[..at].chars().next_back();
        let after = line[at + from.len()..].chars().next();
        if at < copied || before.is_some_and(is_identifier_char) || after.is_some_and(is_identifier_char) {
            continue;
        }
        out.push_str(&line[copied..at]);
        out.push_str(to);
        copied = at + from.len();
    }
    out.push_str(&line[copied..]);
    out
}

fn unpack(archive: &[u8]) -> TractResult<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for entry in tar::Archive::new(archive).entries()? {
        let mut entry = entry?;
        let name = entry.path()?.to_string_lossy().into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        files.push((name, bytes));
    }
    Ok(files)
}

fn pack(files: &[(String, Vec<u8>)]) -> TractResult<Vec<u8>> {
    let mut out = tar::Builder::new(Vec::new());
    for (name, bytes) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        // No time stamp: the same model converts to the same bytes (and the same sha256).
        header.set_mtime(0);
        header.set_cksum();
        out.append_data(&mut header, name, bytes.as_slice())?;
    }
    Ok(out.into_inner()?)
}

/// Runs the ONNX model (as typed) and the archive (as the engine loads it) on the same batch and
/// fails unless every output is identical.
fn check(model: &TypedModel, onnx: &std::path::Path, archive: &[u8]) -> TractResult<()> {
    // Loaded as the engine loads it: tract-nnef's own registries, optimised; and timed beside
    // loading the ONNX file the way the engine used to.
    let start = std::time::Instant::now();
    let loaded =
        tract_nnef::nnef().model_for_read(&mut std::io::Cursor::new(archive))?.into_optimized()?.into_runnable()?;
    let archive_load = start.elapsed();
    let start = std::time::Instant::now();
    tract_onnx::onnx().model_for_path(onnx)?.into_optimized()?.into_runnable()?;
    eprintln!(
        "loading and optimising: ONNX file {:.0} ms, archive {:.0} ms",
        start.elapsed().as_secs_f64() * 1e3,
        archive_load.as_secs_f64() * 1e3
    );
    let reference = model.clone().into_optimized()?.into_runnable()?;
    let (rows, width) = (3, 9);
    let ids: Vec<i64> =
        (0..rows * width).map(|i| [101, 1996, 2317, 2160, 2056, 1037, 2047, 3021, 102][i % width]).collect();
    let mut mask = vec![1i64; rows * width];
    mask[rows * width - 2..].fill(0);
    let input = |v: Vec<i64>| -> TractResult<TValue> {
        Ok(tract_ndarray::Array2::from_shape_vec((rows, width), v)?.into_tensor().into())
    };
    let run = |m: &Arc<TypedRunnableModel>| -> TractResult<Vec<f32>> {
        let out = m.spawn()?.run(tvec!(input(ids.clone())?, input(mask.clone())?, input(vec![0; rows * width])?))?;
        Ok(out[0].to_plain_array_view::<f32>()?.iter().copied().collect())
    };
    let (a, b) = (run(&reference)?, run(&loaded)?);
    let differ = a.iter().zip(&b).filter(|(x, y)| x.to_bits() != y.to_bits()).count();
    let worst = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).fold(0f32, f32::max);
    eprintln!("check: {} outputs, {differ} differ (largest difference {worst:e})", a.len());
    if a.len() != b.len() || worst > 1e-5 {
        bail!("the archive does not compute what the ONNX model does");
    }
    // What the conversion does to speed: one thread, a batch of 16 sentences of 40 tokens.
    let (rows, width) = (16, 40);
    let ids: Vec<i64> = (0..rows * width).map(|i| 1000 + (i as i64 * 7919) % 20000).collect();
    let input = |v: Vec<i64>| -> TractResult<TValue> {
        Ok(tract_ndarray::Array2::from_shape_vec((rows, width), v)?.into_tensor().into())
    };
    let time = |m: &Arc<TypedRunnableModel>| -> TractResult<f64> {
        let mut state = m.spawn()?;
        let mut best = f64::MAX;
        for _ in 0..8 {
            let t = std::time::Instant::now();
            state.run(tvec!(input(ids.clone())?, input(vec![1; rows * width])?, input(vec![0; rows * width])?))?;
            best = best.min(t.elapsed().as_secs_f64());
        }
        Ok(best)
    };
    eprintln!(
        "one batch of 16 x 40 tokens, one thread, best of 8: ONNX graph {:.1} ms, archive {:.1} ms",
        time(&reference)? * 1e3,
        time(&loaded)? * 1e3
    );
    Ok(())
}
