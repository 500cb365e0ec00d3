package io.evalstream.generator.engine.weights;

/**
 * IEEE 754 binary16 conversions, bit-exact with PyTorch's {@code tensor.to(torch.float16)}
 * (round to nearest, ties to even; overflow to infinity; gradual underflow), and the tally of
 * what a bfloat16 checkpoint loses on its way to float16: bfloat16 has float32's range, float16
 * tops out at 65504 and has no normal numbers below 2^-14.
 */
public final class HalfPrecision {

    /** Largest finite float16. */
    public static final float MAX = 65504f;
    /** Smallest positive normal float16 (2^-14); smaller magnitudes lose precision or flush to zero. */
    public static final float MIN_NORMAL = 6.103515625e-5f;

    private HalfPrecision() {
    }

    /** float32 bits to float16 bits, round to nearest even, as torch and the hardware convert. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) { // inf or nan (keep nan quiet and non-zero)
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) { // subnormal or zero in float16
            if (e < -10) {
                return (short) sign;
            }
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = m >>> shift;
            int rest = m & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rest > halfway || (rest == halfway && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++; // may carry into the exponent, up to infinity: that is the correct rounding
        }
        return (short) (sign | half);
    }

    /** float16 bits to float32. */
    public static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float v = mant / 1024f * (1f / 16384f);
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** bfloat16 bits to float32: a bfloat16 is the high half of a float32. */
    public static float bfloat16ToFloat(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }

    /**
     * What converting to float16 did to a tensor's values.
     *
     * @param values      values converted
     * @param overflowed  finite values beyond ±65504 that became infinite
     * @param underflowed non-zero values that became zero
     * @param subnormal   non-zero values that became float16 subnormals (fewer significant bits)
     * @param nonFinite   values that were already infinite or NaN in the checkpoint
     */
    public record Conversion(long values, long overflowed, long underflowed, long subnormal, long nonFinite) {

        public static final Conversion NONE = new Conversion(0, 0, 0, 0, 0);

        public Conversion plus(Conversion o) {
            return new Conversion(values + o.values, overflowed + o.overflowed, underflowed + o.underflowed,
                    subnormal + o.subnormal, nonFinite + o.nonFinite);
        }

        /** True when some value is not finite in float16 (the engine refuses such weights). */
        public boolean lostFiniteness() {
            return overflowed > 0 || nonFinite > 0;
        }

        public String describe() {
            return String.format("%,d values: %,d overflowed to infinity, %,d flushed to zero, %,d became subnormal, %,d were not finite",
                    values, overflowed, underflowed, subnormal, nonFinite);
        }
    }

    /** Tallies one float's conversion; {@code half} is its float16 result. */
    static void tally(float f, short half, long[] counts) {
        counts[0]++;
        if (!Float.isFinite(f)) {
            counts[4]++;
            return;
        }
        int h = half & 0x7fff;
        if (h == 0x7c00) {
            counts[1]++;
        } else if (h == 0 && f != 0f) {
            counts[2]++;
        } else if (h < 0x400 && h != 0) {
            counts[3]++;
        }
    }

    static Conversion conversion(long[] counts) {
        return new Conversion(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }
}
