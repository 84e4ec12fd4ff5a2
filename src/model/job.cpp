// SPDX-License-Identifier: Apache-2.0
#include "moi/model/job.hpp"

#include "model/codec.hpp"
#include "model/schema.hpp"

namespace moi {

// One line per model type: its to_json/from_json from Schema<T> (model/schema.hpp).
MOI_MODEL_CODEC(JobListItem);
MOI_MODEL_CODEC(JobListResponse);
MOI_MODEL_CODEC(JobDetail);
MOI_MODEL_CODEC(JobFileInfo);
MOI_MODEL_CODEC(JobFilesResponse);
MOI_MODEL_CODEC(RetryJobFilesRequest);
MOI_MODEL_CODEC(JobStatusInfo);

}  // namespace moi
