// SPDX-License-Identifier: Apache-2.0
// Codecs of the catalog-table models (moi/model/table.hpp).

#include "moi/model/table.hpp"
#include "model/codec.hpp"
#include "model/schema.hpp"

namespace moi {

MOI_MODEL_CODEC(TableColumn);
MOI_MODEL_CODEC(CreateTableRequest);
MOI_MODEL_CODEC(TableRef);
MOI_MODEL_CODEC(TableColumnStats);
MOI_MODEL_CODEC(TableInfo);
MOI_MODEL_CODEC(TableInfoMap);
MOI_MODEL_CODEC(TableOverview);
MOI_MODEL_CODEC(TableDataRequest);
MOI_MODEL_CODEC(TableData);
MOI_MODEL_CODEC(TableLoadRequest);
MOI_MODEL_CODEC(TableLoadResult);
MOI_MODEL_CODEC(TableFullPath);
MOI_MODEL_CODEC(TableReference);

}  // namespace moi
