import io

import pytest

from core.transcript_import import ImportedConversation, read_transcripts
from core.transcript_import.detect import detect_format
from core.transcript_import.examples import EXAMPLES, example_file


@pytest.mark.parametrize("import_format", list(EXAMPLES))
def test_each_example_file_is_told_apart_and_reads_without_a_rejection(import_format) -> None:
    name, content = example_file(import_format, "HB180003")
    data = content.encode("utf-8-sig")  # as the page offers it (Excel reads the BOM)
    assert detect_format(name, data) is import_format
    items = list(read_transcripts(io.BytesIO(data), format=import_format))
    assert items and all(isinstance(item, ImportedConversation) for item in items)
    for call in items:
        assert call.metadata.agent == "HB180003" and call.metadata.category is not None
        assert call.metadata.started_at is not None
