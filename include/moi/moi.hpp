// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Umbrella header: the whole public API of moi-cpp.

#include "moi/cancellation.hpp"
#include "moi/catalog_client.hpp"
#include "moi/client.hpp"
#include "moi/connector_client.hpp"
#include "moi/data_asking_client.hpp"
#include "moi/error.hpp"
#include "moi/export_client.hpp"
#include "moi/file_client.hpp"
#include "moi/folder_client.hpp"
#include "moi/genai_client.hpp"
#include "moi/helpers/data_flow.hpp"
#include "moi/helpers/job_retry.hpp"
#include "moi/helpers/pagination.hpp"
#include "moi/helpers/pipeline.hpp"
#include "moi/helpers/tables.hpp"
#include "moi/helpers/upload_directory.hpp"
#include "moi/helpers/waiters.hpp"
#include "moi/helpers/workflow_edit.hpp"
#include "moi/job_client.hpp"
#include "moi/llm_client.hpp"
#include "moi/load_task_client.hpp"
#include "moi/model/model.hpp"
#include "moi/options.hpp"
#include "moi/sse.hpp"
#include "moi/table_client.hpp"
#include "moi/transport.hpp"
#include "moi/version.hpp"
#include "moi/workflow_client.hpp"
