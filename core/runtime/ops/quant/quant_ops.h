// The ONNX quantization operators a QDQ model needs (QuantizeLinear, DequantizeLinear), registered by
// registerQuantOps.
#pragma once

#include "core/runtime/op_context.h"

namespace quantlens::qdq {

// QuantizeLinear (opsets 10–21): y = saturate(rne(x / y_scale) + y_zero_point), per-tensor, per-axis
// or blocked; the output type is the zero point's (uint8 without one, or opset 21's output_dtype).
void runQuantizeLinear(OpContext& context);
// DequantizeLinear (opsets 10–21): y = (x - x_zero_point) * x_scale in float32; x of any 8-, 16- or
// 32-bit integer type.
void runDequantizeLinear(OpContext& context);

}  // namespace quantlens::qdq
