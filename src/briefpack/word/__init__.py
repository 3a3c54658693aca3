"""Word: the .docx writer, the reference document, the digest stamp, PDF conversion and
writing files without losing work."""
