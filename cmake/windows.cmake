# Windows builds (included by CMakeLists.txt when WIN32).
#
# The portable files compile against Winsock under their POSIX names:
# binding/win/compat.h is force-included first, and binding/win/include/
# answers <sys/socket.h>, <netinet/in.h>... (see compat.h for errno values).
target_include_directories(${PROJECT_NAME} BEFORE PRIVATE ${CMAKE_SOURCE_DIR}/binding/win/include)
if(MSVC)
  target_compile_options(${PROJECT_NAME} PRIVATE /FI${CMAKE_SOURCE_DIR}/binding/win/compat.h)
else()
  target_compile_options(${PROJECT_NAME} PRIVATE -include ${CMAKE_SOURCE_DIR}/binding/win/compat.h)
endif()
if(NOT MSVC)
  # Winsock's socklen_t is a signed int: every `len < sizeof(...)` would warn.
  target_compile_options(${PROJECT_NAME} PRIVATE -Wno-sign-compare)
endif()
# Windows 8.1, Node's minimum (GetQueuedCompletionStatusEx, SetFileCompletionNotificationModes).
target_compile_definitions(${PROJECT_NAME} PRIVATE _WIN32_WINNT=0x0603)

# node.exe exports Node-API and libuv; the addon links against an
# import library for them. node-api-headers ships the Node-API names (the
# .def cmake-js itself uses on Windows); binding/win/node_uv.def adds the
# libuv calls of binding/loop/uv_min.h, which that list lacks. Both are
# joined into one .def here and turned into the import library at build
# time: dlltool for mingw-w64 (the cross build), lib.exe for MSVC.
execute_process(
  COMMAND node -p "require('node-api-headers').def_paths.node_api_def"
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  OUTPUT_VARIABLE GONET_NODE_API_DEF OUTPUT_STRIP_TRAILING_WHITESPACE
  COMMAND_ERROR_IS_FATAL ANY)
set(GONET_NODE_DEF ${CMAKE_BINARY_DIR}/node_gonet.def)
file(READ ${GONET_NODE_API_DEF} _napi_def)
file(STRINGS ${CMAKE_SOURCE_DIR}/binding/win/node_uv.def _uv_names REGEX "^uv_")
string(REPLACE ";" "\n" _uv_names "${_uv_names}")
file(WRITE ${GONET_NODE_DEF} "${_napi_def}\n${_uv_names}\n")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${GONET_NODE_API_DEF} ${CMAKE_SOURCE_DIR}/binding/win/node_uv.def)

if(MINGW)
  find_program(GONET_DLLTOOL NAMES x86_64-w64-mingw32-dlltool dlltool REQUIRED)
  set(GONET_NODE_LIB ${CMAKE_BINARY_DIR}/libnode_gonet.a)
  add_custom_command(OUTPUT ${GONET_NODE_LIB}
    COMMAND ${GONET_DLLTOOL} -d ${GONET_NODE_DEF} -l ${GONET_NODE_LIB} -D node.exe
    DEPENDS ${GONET_NODE_DEF}
    COMMENT "Import library for node.exe (Node-API + libuv)")
else()
  set(GONET_NODE_LIB ${CMAKE_BINARY_DIR}/node_gonet.lib)
  add_custom_command(OUTPUT ${GONET_NODE_LIB}
    COMMAND ${CMAKE_AR} /def:${GONET_NODE_DEF} /out:${GONET_NODE_LIB} /machine:x64
    DEPENDS ${GONET_NODE_DEF}
    COMMENT "Import library for node.exe (Node-API + libuv)")
endif()
add_custom_target(gonet_node_lib DEPENDS ${GONET_NODE_LIB})
add_dependencies(${PROJECT_NAME} gonet_node_lib)
target_link_libraries(${PROJECT_NAME} PRIVATE ${GONET_NODE_LIB} ws2_32 iphlpapi ntdll)
if(MINGW)
  # No libstdc++/libgcc/winpthread DLLs to ship beside the .node file.
  target_link_options(${PROJECT_NAME} PRIVATE -static -static-libgcc -static-libstdc++)
endif()
if(CMAKE_LIBRARY_OUTPUT_DIRECTORY)
  # A DLL is a RUNTIME artifact; cmake-js off Windows sets only the LIBRARY dir.
  set_target_properties(${PROJECT_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_LIBRARY_OUTPUT_DIRECTORY})
endif()
