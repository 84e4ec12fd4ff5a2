// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// The whole model layer: every request and response body of the MOI workflow, job and export
/// APIs, with to_json/from_json found by ADL. See moi/model/common.hpp for the conventions.

#include "moi/model/access.hpp"       // IWYU pragma: export
#include "moi/model/catalog.hpp"      // IWYU pragma: export
#include "moi/model/common.hpp"       // IWYU pragma: export
#include "moi/model/connector.hpp"    // IWYU pragma: export
#include "moi/model/enums.hpp"        // IWYU pragma: export
#include "moi/model/export_task.hpp"  // IWYU pragma: export
#include "moi/model/genai.hpp"        // IWYU pragma: export
#include "moi/model/job.hpp"          // IWYU pragma: export
#include "moi/model/load_task.hpp"    // IWYU pragma: export
#include "moi/model/table.hpp"        // IWYU pragma: export
#include "moi/model/llm.hpp"          // IWYU pragma: export
#include "moi/model/data_asking.hpp"  // IWYU pragma: export
#include "moi/model/workflow.hpp"     // IWYU pragma: export
