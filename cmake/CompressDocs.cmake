# The documents installed in share/doc/pixelpool, laid out in DEST as Debian's dh_compress leaves
# them: a file of more than 4 kB (find's -size +4k, more than 4096 bytes) as NAME.gz made by
# `gzip -9n` (no name, no time: the same bytes every build), a smaller one as it is.
# `pp::cli::docPath()` gives --help whichever name is installed; the man page's SEE ALSO names them
# as installed, which tests/package/check-installed.sh checks.
#   cmake -DDEST=FOLDER "-DDOCS=docs/cli.md;docs/formats.md" -P CompressDocs.cmake
# DEST is made anew, so a document that changed sides of 4 kB, or left the list, leaves nothing behind.
if(NOT DEST OR NOT DOCS)
  message(FATAL_ERROR "CompressDocs.cmake: give DEST and DOCS")
endif()
file(REMOVE_RECURSE ${DEST})
file(MAKE_DIRECTORY ${DEST})
foreach(doc IN LISTS DOCS)
  get_filename_component(name ${doc} NAME)
  file(SIZE ${doc} size)
  if(size GREATER 4096)
    execute_process(COMMAND gzip -9n -c ${doc} OUTPUT_FILE ${DEST}/${name}.gz RESULT_VARIABLE failed)
    if(failed)
      message(FATAL_ERROR "CompressDocs.cmake: gzip -9n ${doc} failed: ${failed}")
    endif()
  else()
    file(COPY_FILE ${doc} ${DEST}/${name})
  endif()
endforeach()
