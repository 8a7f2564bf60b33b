#include "services/juesuanctl/flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, ingestion_addr, "127.0.0.1:50051", "juesuan-ingestion address");
ABSL_FLAG(std::string, scoring_addr, "127.0.0.1:50052", "juesuan-scoring address");
ABSL_FLAG(std::string, rendering_addr, "127.0.0.1:50053", "juesuan-rendering address");
ABSL_FLAG(std::string, token_file, "",
          "file holding the bearer token sent with every call; empty: none");
ABSL_FLAG(std::string, tls_ca_file, "", "PEM CA of the servers' certificates; set: call over TLS");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM client certificate, for servers requiring mutual TLS");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file");
ABSL_FLAG(std::string, format, "text", "render/disclosure: text, markdown, html or xlsx");
ABSL_FLAG(std::string, template_id, "xinjiang-2023",
          "render/disclosure: template (ID or templates/ID)");
ABSL_FLAG(std::string, text, "",
          "audit: the published document's text, a file (- for standard input)");
ABSL_FLAG(std::string, pdf, "",
          "audit, import: the published document's PDF, a file (up to 50 MB)");
ABSL_FLAG(std::string, accounts, "",
          "audit: the accounts, as the first argument (departments/{d}/accounts/{y} or a "
          "FinalAccounts JSON file)");
ABSL_FLAG(bool, review, false,
          "render/disclosure: the review (score review, revision and suite version in the text) "
          "instead of the published text");
ABSL_FLAG(std::string, out, "",
          "render/disclosure: write the document to this file (default: stdout)");
ABSL_FLAG(std::string, profile, "changji-2023", "scoring profile (ID or scoringProfiles/ID)");
ABSL_FLAG(int, count, 100, "generate: how many department-years");
ABSL_FLAG(uint64_t, seed, 1, "generate: the generator's seed");
ABSL_FLAG(int64_t, start, 0, "generate: index of the first department-year");
ABSL_FLAG(int, parallel, 8, "generate, render-all: calls in flight");
ABSL_FLAG(int64_t, limit, 0, "render-all: at most this many documents (0: every department-year)");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(30), "deadline of each call");
ABSL_FLAG(std::string, output, "text", "text or json");
ABSL_FLAG(std::string, request_id, "", "submit: idempotency key");
ABSL_FLAG(bool, validate_only, false, "submit: validate, store nothing");
ABSL_FLAG(std::string, view, "",
          "get/list: basic, full or digest (get: what tells revisions apart)");
ABSL_FLAG(std::string, fiscal_year, "",
          "list/rules/scorecards/score-all/generate: fiscal year: YYYY, current, or previous "
          "(the year that ended, whose final accounts are disclosed now; China Standard Time)");
ABSL_FLAG(std::string, year, "",
          "the same as --fiscal_year (the scheduled job runs score-all --year=previous)");
ABSL_FLAG(std::string, region, "",
          "list/departments: 6-digit region code; check-pdf: the region the document is "
          "validated in (it prints none)");
ABSL_FLAG(std::string, author, "juesuanctl", "explain: who explains");
ABSL_FLAG(std::string, explanations, "",
          "explain: a file of explanations, FINDING_ID<TAB>TEXT a line or "
          "{\"explanations\": [...]} JSON; - for stdin");
ABSL_FLAG(int, page_size, 0, "list/revisions/departments: page size (0: server default)");
ABSL_FLAG(std::string, page_token, "",
          "list/revisions/departments: the nextPageToken of the previous page");
ABSL_FLAG(std::string, service, "all",
          "backup/backups: ingestion, scoring, rendering or all (each at its --*_addr)");
ABSL_FLAG(std::string, to, "",
          "backup/backups: a folder under each server's --backup_dir (empty: --backup_dir)");
ABSL_FLAG(int, keep, 0, "backup: backups kept in that folder, the newest (0: the server's)");
ABSL_FLAG(bool, verify, false,
          "backups: read every file of each backup back and check it against its checksum "
          "(exit 1 if one is damaged)");
ABSL_FLAG(std::string, from, "", "restore: the backup folder (as the server wrote it)");
ABSL_FLAG(std::string, data_dir, "",
          "restore: the data directory to write; it must be missing or empty");
ABSL_FLAG(int, backup_id, 0, "restore: the backup (0: the newest)");
