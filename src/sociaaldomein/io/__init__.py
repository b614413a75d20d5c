"""Reading and writing: files, formats and national messages (iWmo/iJw)."""
