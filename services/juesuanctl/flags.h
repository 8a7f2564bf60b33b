// juesuanctl's flags, declared for the command files. Every command reads
// the connection flags (addresses, credentials, --timeout, --output); the
// rest belong to the commands whose table entries name them (command.h), and
// `juesuanctl help COMMAND` lists them.
#ifndef JUESUAN_SERVICES_JUESUANCTL_FLAGS_H_
#define JUESUAN_SERVICES_JUESUANCTL_FLAGS_H_

#include <cstdint>
#include <string>

#include "absl/flags/declare.h"
#include "absl/time/time.h"

ABSL_DECLARE_FLAG(std::string, ingestion_addr);
ABSL_DECLARE_FLAG(std::string, scoring_addr);
ABSL_DECLARE_FLAG(std::string, rendering_addr);
ABSL_DECLARE_FLAG(std::string, token_file);
ABSL_DECLARE_FLAG(std::string, tls_ca_file);
ABSL_DECLARE_FLAG(std::string, tls_cert_file);
ABSL_DECLARE_FLAG(std::string, tls_key_file);
ABSL_DECLARE_FLAG(std::string, format);
ABSL_DECLARE_FLAG(std::string, template_id);
ABSL_DECLARE_FLAG(std::string, text);
ABSL_DECLARE_FLAG(std::string, pdf);
ABSL_DECLARE_FLAG(std::string, accounts);
ABSL_DECLARE_FLAG(bool, review);
ABSL_DECLARE_FLAG(std::string, out);
ABSL_DECLARE_FLAG(std::string, profile);
ABSL_DECLARE_FLAG(int, count);
ABSL_DECLARE_FLAG(uint64_t, seed);
ABSL_DECLARE_FLAG(int64_t, start);
ABSL_DECLARE_FLAG(int, parallel);
ABSL_DECLARE_FLAG(int64_t, limit);
ABSL_DECLARE_FLAG(absl::Duration, timeout);
ABSL_DECLARE_FLAG(std::string, output);
ABSL_DECLARE_FLAG(std::string, request_id);
ABSL_DECLARE_FLAG(bool, validate_only);
ABSL_DECLARE_FLAG(std::string, view);
ABSL_DECLARE_FLAG(std::string, fiscal_year);
ABSL_DECLARE_FLAG(std::string, year);
ABSL_DECLARE_FLAG(std::string, region);
ABSL_DECLARE_FLAG(std::string, author);
ABSL_DECLARE_FLAG(std::string, explanations);
ABSL_DECLARE_FLAG(int, page_size);
ABSL_DECLARE_FLAG(std::string, page_token);
ABSL_DECLARE_FLAG(std::string, service);
ABSL_DECLARE_FLAG(std::string, to);
ABSL_DECLARE_FLAG(int, keep);
ABSL_DECLARE_FLAG(bool, verify);
ABSL_DECLARE_FLAG(std::string, from);
ABSL_DECLARE_FLAG(std::string, data_dir);
ABSL_DECLARE_FLAG(int, backup_id);

#endif  // JUESUAN_SERVICES_JUESUANCTL_FLAGS_H_
