package io.hyperblock.core.erasure;

/**
 * The systematic (k+m) x k generator matrix G of a k+m Reed-Solomon code over {@link GaloisField}.
 *
 * <p>Construction (identical to Backblaze JavaReedSolomon, so both produce the same parity bytes):
 *
 * <ol>
 *   <li>V is the (k+m) x k Vandermonde matrix {@code V[r][c] = r^c} (with 0^0 = 1), r = 0..k+m-1;
 *   <li>T is the top k x k square of V (invertible: distinct evaluation points);
 *   <li>G = V * T^-1. Its top k rows are the identity (data units are stored as is) and row k+i is
 *       the coefficient row of parity unit i: {@code parity_i = sum_j G[k+i][j] * data_j}.
 * </ol>
 *
 * <p>Any k rows of V are a Vandermonde matrix with distinct points, so any k rows of G are
 * invertible: any k surviving units decode. Instances are immutable.
 */
final class GeneratorMatrix {

  private final int dataUnits;
  private final byte[][] rows;

  GeneratorMatrix(int dataUnits, int parityUnits) {
    this.dataUnits = dataUnits;
    int total = dataUnits + parityUnits;
    byte[][] vandermonde = new byte[total][dataUnits];
    for (int r = 0; r < total; r++) {
      for (int c = 0; c < dataUnits; c++) {
        vandermonde[r][c] = (byte) GaloisField.power(r, c);
      }
    }
    byte[][] top = new byte[dataUnits][];
    System.arraycopy(vandermonde, 0, top, 0, dataUnits);
    this.rows = multiply(vandermonde, invert(top));
  }

  /** The coefficient of input column {@code column} in unit {@code unit}'s row, 0..255. */
  int coefficient(int unit, int column) {
    return rows[unit][column] & 0xFF;
  }

  /** Copies of the m parity rows (m x k). */
  byte[][] parityRows() {
    byte[][] parity = new byte[rows.length - dataUnits][];
    for (int i = 0; i < parity.length; i++) {
      parity[i] = rows[dataUnits + i].clone();
    }
    return parity;
  }

  /**
   * Rows that compute each unit in {@code outputs} from the k units in {@code inputs}: {@code
   * unit_outputs[o] = sum_j result[o][j] * unit_inputs[j]}. Computed as G[outputs] *
   * (G[inputs])^-1.
   *
   * @param inputs exactly k distinct unit indices
   * @param outputs unit indices to compute
   */
  byte[][] decodeRows(int[] inputs, int[] outputs) {
    byte[][] sub = new byte[dataUnits][];
    for (int j = 0; j < dataUnits; j++) {
      sub[j] = rows[inputs[j]];
    }
    byte[][] inverse = invert(sub);
    byte[][] wanted = new byte[outputs.length][];
    for (int o = 0; o < outputs.length; o++) {
      wanted[o] = rows[outputs[o]];
    }
    return multiply(wanted, inverse);
  }

  static byte[][] multiply(byte[][] left, byte[][] right) {
    int inner = right.length;
    int columns = right[0].length;
    byte[][] result = new byte[left.length][columns];
    for (int r = 0; r < left.length; r++) {
      for (int c = 0; c < columns; c++) {
        int sum = 0;
        for (int i = 0; i < inner; i++) {
          sum ^= GaloisField.multiply(left[r][i], right[i][c]);
        }
        result[r][c] = (byte) sum;
      }
    }
    return result;
  }

  /** Gauss-Jordan inversion of a square matrix; the argument is not modified. */
  static byte[][] invert(byte[][] square) {
    int n = square.length;
    byte[][] work = new byte[n][2 * n];
    for (int r = 0; r < n; r++) {
      System.arraycopy(square[r], 0, work[r], 0, n);
      work[r][n + r] = 1;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      while (pivot < n && work[pivot][col] == 0) {
        pivot++;
      }
      if (pivot == n) {
        // Unreachable for rows of a Vandermonde-derived generator; guards against misuse.
        throw new ArithmeticException("matrix is singular at column " + col);
      }
      byte[] swap = work[col];
      work[col] = work[pivot];
      work[pivot] = swap;
      int scale = GaloisField.inverse(work[col][col]);
      for (int c = 0; c < 2 * n; c++) {
        work[col][c] = (byte) GaloisField.multiply(work[col][c], scale);
      }
      for (int r = 0; r < n; r++) {
        int factor = work[r][col] & 0xFF;
        if (r != col && factor != 0) {
          for (int c = 0; c < 2 * n; c++) {
            work[r][c] ^= (byte) GaloisField.multiply(factor, work[col][c]);
          }
        }
      }
    }
    byte[][] inverse = new byte[n][];
    for (int r = 0; r < n; r++) {
      inverse[r] = java.util.Arrays.copyOfRange(work[r], n, 2 * n);
    }
    return inverse;
  }
}
