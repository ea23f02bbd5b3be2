// The kernel of each elementwise operator, one function per ONNX operator type, registered by
// register_elementwise_ops.cpp. All implement the newest opset form (the normalizer upgrades
// older nodes first).
#pragma once

#include "core/runtime/op_context.h"

namespace quantlens {

// arithmetic.cpp: multidirectional broadcasting, integer results wrap, integer Div truncates.
void addKernel(OpContext& context);
void subKernel(OpContext& context);
void mulKernel(OpContext& context);
void divKernel(OpContext& context);
void modKernel(OpContext& context);       // fmod = 0: sign of the divisor; 1: of the dividend
void bitShiftKernel(OpContext& context);  // unsigned types only
// pow.cpp: base and exponent may have different types; the output has the base's type.
void powKernel(OpContext& context);

// unary_math.cpp
void absKernel(OpContext& context);
void negKernel(OpContext& context);
void sqrtKernel(OpContext& context);
void expKernel(OpContext& context);
void logKernel(OpContext& context);
void reciprocalKernel(OpContext& context);
void floorKernel(OpContext& context);
void ceilKernel(OpContext& context);
void erfKernel(OpContext& context);
void tanhKernel(OpContext& context);
void sigmoidKernel(OpContext& context);
void signKernel(OpContext& context);
void roundKernel(OpContext& context);
void isNanKernel(OpContext& context);
void isInfKernel(OpContext& context);

// trigonometry.cpp
void sinKernel(OpContext& context);
void cosKernel(OpContext& context);
void tanKernel(OpContext& context);
void asinKernel(OpContext& context);
void acosKernel(OpContext& context);
void atanKernel(OpContext& context);
void sinhKernel(OpContext& context);
void coshKernel(OpContext& context);
void asinhKernel(OpContext& context);
void acoshKernel(OpContext& context);
void atanhKernel(OpContext& context);

// activations.cpp
void reluKernel(OpContext& context);
void leakyReluKernel(OpContext& context);
void pReluKernel(OpContext& context);
void hardSigmoidKernel(OpContext& context);
void hardSwishKernel(OpContext& context);
void thresholdedReluKernel(OpContext& context);
void shrinkKernel(OpContext& context);

// exponential_activations.cpp
void eluKernel(OpContext& context);
void seluKernel(OpContext& context);
void celuKernel(OpContext& context);
void softplusKernel(OpContext& context);
void softsignKernel(OpContext& context);

// clip.cpp: bounds are optional scalar inputs 1 and 2.
void clipKernel(OpContext& context);

// softmax.cpp: one axis (opset 13), or the 2-D coercion of opset < 13 when the node carries
// quantlens.coerce_2d = 1.
void softmaxKernel(OpContext& context);
void logSoftmaxKernel(OpContext& context);
void hardmaxKernel(OpContext& context);

// cast.cpp
void castKernel(OpContext& context);
void castLikeKernel(OpContext& context);

// comparison.cpp: broadcasting, bool output.
void equalKernel(OpContext& context);
void lessKernel(OpContext& context);
void lessOrEqualKernel(OpContext& context);
void greaterKernel(OpContext& context);
void greaterOrEqualKernel(OpContext& context);

// logical.cpp: bool inputs and output.
void notKernel(OpContext& context);
void andKernel(OpContext& context);
void orKernel(OpContext& context);
void xorKernel(OpContext& context);

// where.cpp: three-way broadcasting.
void whereKernel(OpContext& context);

// variadic.cpp: any number of inputs, all broadcast together.
void minKernel(OpContext& context);
void maxKernel(OpContext& context);
void sumKernel(OpContext& context);
void meanKernel(OpContext& context);

}  // namespace quantlens
