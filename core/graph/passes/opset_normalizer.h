// Rewrites nodes written against older opsets into the newest form the kernels implement.
#pragma once

#include "core/graph/graph.h"

namespace quantlens {

// Rewrites every default-domain node whose form depends on Graph::opset into its newest form,
// so each kernel implements one form only. Attributes that became inputs are moved into new
// initializers named "<node name>/<input name>" (made unique):
//
//   Clip < 11            min, max               → inputs 1, 2 (scalars of the input's type)
//   Reshape < 5          shape                  → input 1
//   Squeeze, Unsqueeze < 13  axes               → input 1
//   ReduceSum < 13, other Reduce* < 18  axes    → input 1 (the canonical form; absent = all axes)
//   Slice < 10           starts, ends, axes     → inputs 1, 2, 3
//   Pad < 11             pads (paddings in opset 1), value → inputs 1, 2
//   Split < 13           split                  → input 1
//   TopK < 10            k                      → input 1
//   Resize 10 (X, scales)                       → (X, "", scales) + coordinate_transformation_mode
//                                                 "asymmetric", nearest_mode "floor"
//   Resize 11            "tf_half_pixel_for_nn" → "tf_half_pixel_for_nearest" (opset 13's name)
//   Upsample (7–10)      scales attr or input   → Resize as above ("bilinear" becomes "linear")
//   Softmax, LogSoftmax, Hardmax < 13           → quantlens.coerce_2d = 1 and an explicit axis
//                                                 (default 1): the old flatten-to-2-D semantics
//   Concat < 4           absent axis            → axis = 1 (its old default)
//
// Everything else (BatchNormalization's old attributes, Dropout's ratio) is left to the kernels.
// Graph::opset is not changed, since unrewritten nodes still follow it. Running the pass twice
// changes nothing the second time; an opset of 0 (unknown) is taken as current.
void normalizeOpsets(Graph& graph);

}  // namespace quantlens
