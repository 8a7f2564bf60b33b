# Small helpers in the style of absl_cc_library: explicit sources, target_*
# only, our warnings on our code.

# juesuan_cc_library(NAME <name> SRCS ... HDRS ... DEPS ... [PRIVATE_DEPS ...])
function(juesuan_cc_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;HDRS;DEPS;PRIVATE_DEPS" ${ARGN})
  if(ARG_SRCS)
    add_library(${ARG_NAME} STATIC ${ARG_SRCS} ${ARG_HDRS})
    target_compile_options(${ARG_NAME} PRIVATE ${JUESUAN_WARNINGS})
    target_include_directories(${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${ARG_NAME} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  else()
    add_library(${ARG_NAME} INTERFACE ${ARG_HDRS})
    target_include_directories(${ARG_NAME} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${ARG_NAME} INTERFACE ${ARG_DEPS})
  endif()
endfunction()

# juesuan_cc_binary(NAME <name> SRCS ... DEPS ...)
# One of the suite's programs: our warnings, the sources' include root.
function(juesuan_cc_binary)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_compile_options(${ARG_NAME} PRIVATE ${JUESUAN_WARNINGS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS})
endfunction()

# juesuan_cc_test(NAME <name> SRCS ... DEPS ... [LABELS <label>] [PREFIX <kind>_])
# One gtest binary per test file, each test registered with ctest, its name
# led by PREFIX (e.g. jwt_, backup_): `ctest -R '^jwt_'` runs one kind.
function(juesuan_cc_test)
  cmake_parse_arguments(ARG "" "NAME;PREFIX" "SRCS;DEPS;LABELS" ${ARGN})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_compile_options(${ARG_NAME} PRIVATE ${JUESUAN_WARNINGS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  target_compile_definitions(${ARG_NAME} PRIVATE
      JUESUAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
      JUESUAN_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${ARG_NAME} DISCOVERY_MODE PRE_TEST TEST_PREFIX "${ARG_PREFIX}"
      PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT 300)
endfunction()

# juesuan_embed_file(NAME <target> FILE <path> SYMBOL <c++ name>)
# Compiles a data file into a library exposing
#   absl::string_view <SYMBOL>();  (namespace juesuan::embedded)
# so binaries carry their default catalogue and code tables; flags override.
function(juesuan_embed_files)
  cmake_parse_arguments(ARG "" "NAME" "FILES;SYMBOLS" ${ARGN})
  set(srcs)
  list(LENGTH ARG_FILES n)
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    list(GET ARG_FILES ${i} file)
    list(GET ARG_SYMBOLS ${i} symbol)
    set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded_${symbol}.cc")
    add_custom_command(
      OUTPUT "${out}"
      COMMAND ${CMAKE_COMMAND} -DIN=${file} -DOUT=${out} -DSYMBOL=${symbol}
              -P ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
      DEPENDS "${file}" ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
      COMMENT "Embedding ${file}")
    list(APPEND srcs "${out}")
  endforeach()
  add_library(${ARG_NAME} STATIC ${srcs})
  target_link_libraries(${ARG_NAME} PUBLIC absl::strings)
endfunction()
