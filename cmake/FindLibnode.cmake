# FindLibnode — the Node.js embedder library (Debian: libnode-dev).
#
# Defines Libnode::Libnode, Libnode_VERSION (from node_version.h), and, from the
# config.gypi that libnode was built with, Libnode_PREFIX and Libnode_GLOBAL_PATHS
# (the absolute global module folders `node` searches, e.g. /usr/share/nodejs).
find_path(Libnode_INCLUDE_DIR node.h PATH_SUFFIXES node)
find_library(Libnode_LIBRARY NAMES node)
find_path(Libuv_INCLUDE_DIR uv.h)

if(Libnode_INCLUDE_DIR AND EXISTS "${Libnode_INCLUDE_DIR}/node_version.h")
  file(STRINGS "${Libnode_INCLUDE_DIR}/node_version.h" _defs
       REGEX "^#define NODE_(MAJOR|MINOR|PATCH)_VERSION [0-9]+")
  foreach(part MAJOR MINOR PATCH)
    string(REGEX MATCH "NODE_${part}_VERSION ([0-9]+)" _m "${_defs}")
    set(Libnode_VERSION_${part} "${CMAKE_MATCH_1}")
  endforeach()
  set(Libnode_VERSION "${Libnode_VERSION_MAJOR}.${Libnode_VERSION_MINOR}.${Libnode_VERSION_PATCH}")
endif()

set(Libnode_PREFIX "/usr")
set(Libnode_GLOBAL_PATHS "")
if(Libnode_INCLUDE_DIR AND EXISTS "${Libnode_INCLUDE_DIR}/config.gypi")
  file(READ "${Libnode_INCLUDE_DIR}/config.gypi" _gypi)
  if(_gypi MATCHES "'node_prefix': '([^']*)'")
    set(Libnode_PREFIX "${CMAKE_MATCH_1}")
  endif()
  if(_gypi MATCHES "'node_relative_path': '([^']*)'")
    string(REPLACE ":" ";" _rel "${CMAKE_MATCH_1}")
    set(_abs "")
    foreach(r IN LISTS _rel)
      list(APPEND _abs "${Libnode_PREFIX}/${r}")
    endforeach()
    string(REPLACE ";" ":" Libnode_GLOBAL_PATHS "${_abs}")
  endif()
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Libnode
  REQUIRED_VARS Libnode_LIBRARY Libnode_INCLUDE_DIR Libuv_INCLUDE_DIR
  VERSION_VAR Libnode_VERSION
  REASON_FAILURE_MESSAGE "install Debian's libnode-dev (apt-get install libnode-dev nodejs), or run scripts/setup.sh")

if(Libnode_FOUND AND NOT TARGET Libnode::Libnode)
  add_library(Libnode::Libnode SHARED IMPORTED)
  set_target_properties(Libnode::Libnode PROPERTIES
    IMPORTED_LOCATION "${Libnode_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${Libnode_INCLUDE_DIR};${Libuv_INCLUDE_DIR}")
endif()
mark_as_advanced(Libnode_INCLUDE_DIR Libnode_LIBRARY Libuv_INCLUDE_DIR)
