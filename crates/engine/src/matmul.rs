//! The calls into `gemm` (the only `unsafe` in claimscope: gemm's entry point takes raw pointers
//! and strides). Every matrix is described by a slice, its shape and its strides, and checked to
//! lie inside its slice before the call, so the pointers gemm is given cover only memory it may
//! read, or (the destination, borrowed mutably, so apart from the others) write.
#![allow(unsafe_code)]

use gemm_common::Parallelism;

/// A matrix inside a slice: element `(r, c)` is `data[r * row_stride + c * col_stride]`.
#[derive(Clone, Copy)]
pub(crate) struct Strided<'a> {
    pub data: &'a [f32],
    pub rows: usize,
    pub cols: usize,
    pub row_stride: usize,
    pub col_stride: usize,
}

/// Whether every element of a `rows × cols` matrix with these strides is inside `len`.
fn inside(len: usize, rows: usize, cols: usize, row_stride: usize, col_stride: usize) -> bool {
    rows == 0
        || cols == 0
        || (rows - 1)
            .checked_mul(row_stride)
            .and_then(|a| (cols - 1).checked_mul(col_stride).and_then(|b| a.checked_add(b)))
            .is_some_and(|last| last < len && isize::try_from(last).is_ok())
}

/// `dst (+)= lhs · rhs`, `dst` being `lhs.rows × rhs.cols` inside `dst` with the given strides;
/// added to what is there when `accumulate`, written over it otherwise. Panics (a bug, never
/// input) if a shape or a stride disagrees.
pub(crate) fn product(
    dst: &mut [f32],
    dst_row_stride: usize,
    dst_col_stride: usize,
    lhs: Strided<'_>,
    rhs: Strided<'_>,
    accumulate: bool,
) {
    let (m, n, k) = (lhs.rows, rhs.cols, lhs.cols);
    assert!(rhs.rows == k, "inner dimensions disagree");
    assert!(
        inside(dst.len(), m, n, dst_row_stride, dst_col_stride)
            && inside(lhs.data.len(), m, k, lhs.row_stride, lhs.col_stride)
            && inside(rhs.data.len(), k, n, rhs.row_stride, rhs.col_stride),
        "a matrix reaches outside its slice"
    );
    if m == 0 || n == 0 {
        return;
    }
    let gemm = gemm_f32::gemm::f32::get_gemm_fn();
    // The strides fit in isize (`inside` checked each matrix's last offset does).
    let s = |v: usize| v as isize;
    // SAFETY: `inside` checked that every element gemm reads or writes of each matrix is within
    // its slice; `dst` is borrowed mutably, so it overlaps neither operand; with `k == 0` gemm
    // reads no operand. `read_dst` is false unless `accumulate`, so uninitialised-looking values
    // are never a concern (all are initialised f32 anyway).
    unsafe {
        gemm(
            m,
            n,
            k,
            dst.as_mut_ptr(),
            s(dst_col_stride),
            s(dst_row_stride),
            accumulate,
            lhs.data.as_ptr(),
            s(lhs.col_stride),
            s(lhs.row_stride),
            rhs.data.as_ptr(),
            s(rhs.col_stride),
            s(rhs.row_stride),
            if accumulate { 1.0 } else { 0.0 },
            1.0,
            false,
            false,
            false,
            Parallelism::None,
        );
    }
}

/// `out += input · w` for `n` rows: `input` is `[n][k]`, `w` is `[k][m]` and `out` is `[n][m]`,
/// all row-major.
pub(crate) fn add_product(out: &mut [f32], input: &[f32], w: &[f32], n: usize, k: usize, m: usize) {
    // Computed as its transpose, outᵀ = wᵀ · inputᵀ: gemm's kernels tile the destination's rows,
    // and with the weights as the left operand those are the outputs (384 or 1536 of them)
    // rather than the tokens. On the CPU measured this runs at ~190 GFLOP/s on one core against
    // ~140 for the same product taken row-major (BENCHMARKS.md).
    let weights_t = Strided { data: w, rows: m, cols: k, row_stride: 1, col_stride: m };
    let input_t = Strided { data: input, rows: k, cols: n, row_stride: 1, col_stride: k };
    product(out, 1, m, weights_t, input_t, true);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_product_adds_to_what_is_there() {
        let (n, k, m) = (5, 7, 3);
        let input: Vec<f32> = (0..n * k).map(|i| (i as f32 * 0.37).sin()).collect();
        let w: Vec<f32> = (0..k * m).map(|i| (i as f32 * 0.11).cos()).collect();
        let mut out: Vec<f32> = (0..n * m).map(|i| i as f32).collect();
        add_product(&mut out, &input, &w, n, k, m);
        for r in 0..n {
            for c in 0..m {
                let want = (r * m + c) as f32 + (0..k).map(|p| input[r * k + p] * w[p * m + c]).sum::<f32>();
                assert!((out[r * m + c] - want).abs() < 1e-4, "{r},{c}");
            }
        }
    }

    #[test]
    fn strided_operands_and_bounds() {
        // lhs: rows 0..2 of a 2x6 buffer, columns 1..4; rhs: a 3x2 column-major block.
        let a: Vec<f32> = (0..12).map(|i| i as f32).collect();
        let b = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0];
        let lhs = Strided { data: &a[1..], rows: 2, cols: 3, row_stride: 6, col_stride: 1 };
        let rhs = Strided { data: &b, rows: 3, cols: 2, row_stride: 1, col_stride: 3 };
        let mut dst = vec![9.0f32; 4];
        product(&mut dst, 2, 1, lhs, rhs, false);
        // Row 0 of lhs is [1, 2, 3]; columns of rhs are [1, 2, 3] and [4, 5, 6].
        assert_eq!(dst, vec![14.0, 32.0, 50.0, 122.0]);
        let outside = std::panic::catch_unwind(|| {
            let mut d = vec![0.0f32; 3];
            product(&mut d, 2, 1, lhs, rhs, false);
        });
        assert!(outside.is_err(), "a destination too short is refused before gemm runs");
        assert!(!inside(10, 3, 4, 4, 1) && inside(15, 3, 4, 4, 1) && inside(0, 0, 5, 1, 1));
    }
}
