# `cmake --install build --prefix P` and `cpack` (a .deb): the GNU layout, described in
# docs/packaging.md. The executables find each other through relative paths compiled in by the
# top-level CMakeLists.txt (PIXELPOOL_INSTALL_LIBEXECDIR, PIXELPOOL_INSTALL_PLUGINDIR); the build
# tree keeps everything in build/bin/ as before.

set(PIXELPOOL_APP_ID io.github.pixelpool.PixelPool) # the desktop file's, the icon's and AppStream's id
if(TARGET pixelpool-gui)
  target_compile_definitions(pixelpool-gui PRIVATE PIXELPOOL_APP_ID="${PIXELPOOL_APP_ID}") # setDesktopFileName
endif()
set(PIXELPOOL_DATADIR ${CMAKE_INSTALL_DATADIR}/pixelpool)
set(PIXELPOOL_PACKAGE_DOCDIR ${CMAKE_INSTALL_DATAROOTDIR}/doc/pixelpool) # Debian's name, not PROJECT_NAME
set(PIXELPOOL_PACKAGE_MAINTAINER "PixelPool developers <pixelpool@users.noreply.github.com>"
  CACHE STRING "The .deb's Maintainer field")

# Folders made by the install are 0755 whatever the umask (lintian checks the package's).
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

install(TARGETS pixelpool RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS pixelpool-worker pixelpool-in-process RUNTIME DESTINATION ${PIXELPOOL_INSTALL_LIBEXECDIR})
if(TARGET pixelpool-desktop)
  install(TARGETS pixelpool-desktop RUNTIME DESTINATION ${PIXELPOOL_INSTALL_LIBEXECDIR})
endif()
install(TARGETS pixelpool-opencv-codecs pixelpool-heif pixelpool-jxl LIBRARY DESTINATION ${PIXELPOOL_INSTALL_PLUGINDIR})

# The built-in presets are compiled into the executables; these copies are for reading and for
# copying into ~/.config/PixelPool/presets. The samples are what the man page's example and the
# package test run on.
set(res ${PROJECT_SOURCE_DIR}/resources)
install(DIRECTORY ${res}/presets/ DESTINATION ${PIXELPOOL_DATADIR}/presets FILES_MATCHING PATTERN "*.json")
install(DIRECTORY ${res}/samples/ DESTINATION ${PIXELPOOL_DATADIR}/samples)
install(DIRECTORY ${res}/schema/ DESTINATION ${PIXELPOOL_DATADIR}/schema FILES_MATCHING PATTERN "*.json")

# The menu entry, AppStream data and icons belong to the window: a build without it (a server,
# the container image) installs none of them.
if(TARGET pixelpool-desktop)
  install(FILES ${res}/desktop/${PIXELPOOL_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${res}/desktop/${PIXELPOOL_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${res}/icons/app.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
    RENAME ${PIXELPOOL_APP_ID}.svg)
  # PNGs rendered once from app.svg (resources/desktop/README.md); 24, 48 and 256 are the window's own.
  foreach(size_file IN ITEMS 16:desktop/icons/app-16.png 24:icons/app.png 32:desktop/icons/app-32.png
                             48:icons/app@2x.png 64:desktop/icons/app-64.png 128:desktop/icons/app-128.png
                             256:icons/app-256.png)
    string(REPLACE ":" ";" size_file ${size_file})
    list(GET size_file 0 size)
    list(GET size_file 1 file)
    install(FILES ${res}/${file} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
      RENAME ${PIXELPOOL_APP_ID}.png)
  endforeach()
endif()

install(FILES ${res}/completion/pixelpool.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME pixelpool)
install(FILES ${res}/completion/_pixelpool DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${res}/completion/pixelpool.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

# Debian wants the man page and the changelog compressed, reproducibly (-n: no name, no time).
set(gz ${CMAKE_BINARY_DIR}/packaging)
add_custom_command(OUTPUT ${gz}/pixelpool.1.gz ${gz}/changelog.Debian.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${gz}
  COMMAND gzip -9n -c ${res}/man/pixelpool.1 > ${gz}/pixelpool.1.gz
  COMMAND gzip -9n -c ${res}/debian/changelog > ${gz}/changelog.Debian.gz
  DEPENDS ${res}/man/pixelpool.1 ${res}/debian/changelog
  COMMENT "Compressing the man page and the Debian changelog")
add_custom_target(pixelpool-packaging-files ALL DEPENDS ${gz}/pixelpool.1.gz ${gz}/changelog.Debian.gz)
install(FILES ${gz}/pixelpool.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${res}/debian/copyright ${gz}/changelog.Debian.gz DESTINATION ${PIXELPOOL_PACKAGE_DOCDIR})
# The documents `pixelpool --help` and the man page name, which --help gives by their installed path
# (pp::cli::docPath, through the relative paths from bin/ and libexec/pixelpool/ compiled in here).
# Installed as dh_compress would leave them (cmake/CompressDocs.cmake): each over 4 kB as NAME.gz.
set(PIXELPOOL_INSTALLED_DOCS cli.md scale-out.md formats.md outputs.md reliability.md watermarks.md)
list(TRANSFORM PIXELPOOL_INSTALLED_DOCS PREPEND ${PROJECT_SOURCE_DIR}/docs/ OUTPUT_VARIABLE docs)
add_custom_command(OUTPUT ${gz}/doc.stamp
  COMMAND ${CMAKE_COMMAND} -DDEST=${gz}/doc "-DDOCS=${docs}" -P ${PROJECT_SOURCE_DIR}/cmake/CompressDocs.cmake
  COMMAND ${CMAKE_COMMAND} -E touch ${gz}/doc.stamp
  DEPENDS ${docs} ${PROJECT_SOURCE_DIR}/cmake/CompressDocs.cmake
  COMMENT "Compressing the documents over 4 kB"
  VERBATIM)
add_custom_target(pixelpool-packaging-docs ALL DEPENDS ${gz}/doc.stamp)
install(DIRECTORY ${gz}/doc/ DESTINATION ${PIXELPOOL_PACKAGE_DOCDIR})
file(RELATIVE_PATH pixelpool_bin_to_doc ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_PREFIX}/${PIXELPOOL_PACKAGE_DOCDIR})
file(RELATIVE_PATH pixelpool_libexec_to_doc ${CMAKE_INSTALL_FULL_LIBEXECDIR}/pixelpool
  ${CMAKE_INSTALL_PREFIX}/${PIXELPOOL_PACKAGE_DOCDIR})
target_compile_definitions(pixelpool-cli PRIVATE PIXELPOOL_BIN_TO_DOCDIR="${pixelpool_bin_to_doc}"
  PIXELPOOL_LIBEXEC_TO_DOCDIR="${pixelpool_libexec_to_doc}")

# The documents the window's Help menu opens (app/gui/models/HelpDocuments.cpp): the user guide, the
# command-line reference, and the documents they link. Installed as they are, where the program's own
# data is: share/doc/pixelpool/ is the reader's, compressed as Debian compresses it (an .md.gz opens in
# an archive manager, not a reader) and left out of minimal systems, and Debian's policy has no
# program need a file there. The screenshots the guide shows (half a megabyte each) are not installed:
# the guide names each in words. The window finds the folder from its own through a relative path
# compiled in, as --help finds share/doc/pixelpool/.
set(PIXELPOOL_HELP_DOCS user-guide.md cli.md scale-out.md translations.md watermarks.md outputs.md)
list(TRANSFORM PIXELPOOL_HELP_DOCS PREPEND ${PROJECT_SOURCE_DIR}/docs/ OUTPUT_VARIABLE help_docs)
install(FILES ${help_docs} DESTINATION ${PIXELPOOL_DATADIR}/doc)
set(pixelpool_helpdir ${CMAKE_INSTALL_FULL_DATADIR}/pixelpool/doc) # the same, for the relative paths
file(RELATIVE_PATH pixelpool_bin_to_help ${CMAKE_INSTALL_FULL_BINDIR} ${pixelpool_helpdir})
file(RELATIVE_PATH pixelpool_libexec_to_help ${CMAKE_INSTALL_FULL_LIBEXECDIR}/pixelpool ${pixelpool_helpdir})
if(TARGET pixelpool-gui-models)
  target_compile_definitions(pixelpool-gui-models PRIVATE PIXELPOOL_INSTALL_LIBEXEC="${pixelpool_libexec_tail}"
    PIXELPOOL_BIN_TO_HELPDIR="${pixelpool_bin_to_help}" PIXELPOOL_LIBEXEC_TO_HELPDIR="${pixelpool_libexec_to_help}")
  # The build tree's window, in bin/, finds them the way an installed one in bin/ would: the same
  # relative path from bin/ leads to a folder of links to docs/, holding what the install holds. A
  # layout whose path from bin/ leaves the build folder gets none (Help then says where it looked).
  cmake_path(ABSOLUTE_PATH pixelpool_bin_to_help BASE_DIRECTORY ${CMAKE_RUNTIME_OUTPUT_DIRECTORY} NORMALIZE
    OUTPUT_VARIABLE build_helpdir)
  cmake_path(IS_PREFIX PROJECT_BINARY_DIR ${build_helpdir} NORMALIZE build_helpdir_inside)
  if(build_helpdir_inside)
    file(REMOVE_RECURSE ${build_helpdir})
    file(MAKE_DIRECTORY ${build_helpdir})
    foreach(doc IN LISTS help_docs)
      get_filename_component(name ${doc} NAME)
      file(CREATE_LINK ${doc} ${build_helpdir}/${name} SYMBOLIC)
    endforeach()
  else()
    message(STATUS "The build tree's window has no help documents: ${build_helpdir} is outside the build")
  endif()
endif()

# The .deb: `cpack --config build/CPackConfig.cmake -B build/package` after the build, no second build.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pixelpool)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${PIXELPOOL_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "batch image processor with a pool of worker processes")
# The extended description as dpkg shows it: lines under 80 columns, a blank line between paragraphs.
set(CPACK_PACKAGE_DESCRIPTION "\
PixelPool resizes, converts and watermarks many images at once with presets
(named pipelines: resize, crop, rotate, blur, sharpen, colour, watermark,
output format and quality), in a desktop window or from the command line
(pixelpool --batch).

Every image is decoded in a separate worker process, so a damaged or hostile
file fails with its reason. It reads JPEG, PNG, WebP, TIFF, BMP, GIF, HEIC,
AVIF, JPEG XL and camera RAW files and keeps or strips their metadata and
colour profiles.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # pixelpool_VERSION-RELEASE_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE https://github.com/pixelpool/pixelpool)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # Depends from dpkg-shlibdeps, over every installed ELF file
# qt6-wayland: the window on Wayland without XWayland; qt6-translations-l10n: Qt's own texts (dialog
# buttons) in the user's language beside PixelPool's translations, which are built in.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland, qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
