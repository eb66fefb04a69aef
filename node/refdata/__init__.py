"""Reference data: the code lists and the HS nomenclature a node checks cases against."""
