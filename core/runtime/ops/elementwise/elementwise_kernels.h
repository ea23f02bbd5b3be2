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

// activations.cpp
void reluKernel(OpContext& context);
void leakyReluKernel(OpContext& context);
void pReluKernel(OpContext& context);
void hardSigmoidKernel(OpContext& context);
void hardSwishKernel(OpContext& context);

// clip.cpp: bounds are optional scalar inputs 1 and 2.
void clipKernel(OpContext& context);

// softmax.cpp: one axis (opset 13), or the 2-D coercion of opset < 13 when the node carries
// quantlens.coerce_2d = 1.
void softmaxKernel(OpContext& context);
void logSoftmaxKernel(OpContext& context);

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
