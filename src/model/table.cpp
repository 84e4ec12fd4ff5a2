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
MOI_MODEL_CODEC(PreviewCsvOptions);
MOI_MODEL_CODEC(PreviewStagedRequest);
MOI_MODEL_CODEC(StagedColumn);
MOI_MODEL_CODEC(StagedFilePreview);
MOI_MODEL_CODEC(StagedFiles);
MOI_MODEL_CODEC(ImportTableColumn);
MOI_MODEL_CODEC(NewTableConfig);
MOI_MODEL_CODEC(ImportColumnMapping);
MOI_MODEL_CODEC(ExistedTableOptions);
MOI_MODEL_CODEC(TableImportConfig);

ImportTableColumn to_import_column(const StagedColumn& preview, const std::string& data_type) {
  ImportTableColumn column;
  column.number = preview.number.value_or(0);
  column.column_name = preview.column_name.value_or("");
  column.column_values = preview.column_values;
  column.char_number = preview.char_number.value_or("");
  column.char_column_name = preview.char_column_name.value_or("");
  column.column = !column.column_name.empty()        ? column.column_name
                  : !column.char_column_name.empty() ? column.char_column_name
                                                     : column.char_number;
  column.data_type = data_type;
  column.col_num_in_file = column.number;
  return column;
}

}  // namespace moi
