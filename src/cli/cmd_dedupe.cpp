// reqtriage dedupe: find likely duplicates; review them on a terminal, list
// them for scripts, or merge the surest with --auto.
#include <unistd.h>

#include <charconv>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "reqtriage/json.hpp"
#include "progress.hpp"
#include "reqtriage/dedupe.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/money.hpp"

namespace reqtriage::cli {
namespace {

double parse_similarity(const std::string& text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0 || value > 1) {
    throw InputError(fmt::format("--min-similarity: invalid similarity '{}': expected a number from 0 to 1", text));
  }
  return value;
}

std::string similarity_cell(double similarity) { return fmt::format("{:.3f}", similarity); }

// How many asks each request has, for choosing survivors (see DuplicateScan::survivor).
std::function<int(RequestId)> ask_counts(const std::map<RequestId, Figures>& totals) {
  return [&totals](RequestId id) { return totals.count(id) ? totals.at(id).asks : 0; };
}

// Row by row: a low --min-similarity on a large store lists millions.
void print_pairs(Context& context, const DuplicateScan& scan) {
  TableWriter writer(stdout,
                     {{"id", Kind::number}, {"other", Kind::number}, {"similarity", Kind::number},
                      {"title", Kind::text, true}, {"other_title", Kind::text, true}},
                     context.format(), context.table_style());
  for (const auto& pair : scan.pairs) {
    writer.row({std::to_string(pair.a), std::to_string(pair.b), similarity_cell(pair.similarity),
                scan.request(pair.a).title, scan.request(pair.b).title});
  }
  writer.finish();
}

void auto_merge(Context& context, const DuplicateScan& scan,
                const std::map<RequestId, Figures>& totals, bool dry_run) {
  Table table;
  table.columns = {{"into", Kind::number}, {"merged", Kind::number}, {"similarity", Kind::number},
                   {"into_title", Kind::text, true}, {"merged_title", Kind::text, true}};
  std::size_t merged = 0;
  std::size_t groups = 0;
  auto plan = scan.merge_plan(ask_counts(totals));
  for (const auto& group : plan) {
    auto survivor = group.center;
    std::vector<RequestId> others;
    for (std::size_t i = 0; i < group.members.size(); ++i) {
      auto id = group.members[i];
      if (id == survivor) continue;
      others.push_back(id);
      table.rows.push_back({std::to_string(survivor), std::to_string(id),
                            similarity_cell(group.similarity[i]), scan.request(survivor).title,
                            scan.request(id).title});
    }
    if (!dry_run) {
      // Two answers customers were given never merge without the PM.
      try {
        context.store_for_writing().merge(others, survivor);
      } catch (const InputError& refused) {
        context.warn("group of #{} left for you: {}", survivor, refused.what());
        table.rows.resize(table.rows.size() - others.size());
        continue;
      }
    }
    merged += others.size();
    ++groups;
  }
  context.print_table(table);
  context.say("{}{} requests in {} groups {}.", dry_run ? "Dry run: " : "", merged, groups,
              dry_run ? "would be merged" : "merged");
}

// One group at a time on the terminal: merge, not a duplicate, skip, quit.
void review(Context& context, const DuplicateScan& scan,
            const std::map<RequestId, Figures>& totals) {
  const auto& base = context.config().base_currency;
  std::size_t number = 0;
  for (const auto& group : scan.groups) {
    ++number;
    print_text("\nGroup {} of {}\n", number, scan.groups.size());
    for (std::size_t i = 0; i < group.members.size(); ++i) {
      auto id = group.members[i];
      const auto& sum = totals.count(id) ? totals.at(id) : Figures{};
      const auto& request = scan.request(id);
      // What its customers were told, beside what it weighs.
      print_text("  [{}] #{} {}  ({}{}, {} accounts, {} asks, {} {}, similarity {})\n", i + 1, id, request.title,
                 to_string(request.status), request.target.empty() ? "" : " for " + request.target, sum.accounts,
                 sum.asks, base, format_amount(sum.value), similarity_cell(group.similarity[i]));
    }
    for (;;) {
      print_text("merge into [1-{}], (n)ot duplicates, (s)kip, (q)uit? ", group.members.size());
      std::fflush(stdout);
      std::string answer;
      if (!std::getline(std::cin, answer) || answer == "q") {
        print_text("\n");
        context.say("Stopped at group {} of {}.", number, scan.groups.size());
        return;
      }
      if (answer == "s") break;
      if (answer == "n") {
        for (std::size_t i = 0; i < group.members.size(); ++i) {
          for (std::size_t j = i + 1; j < group.members.size(); ++j) {
            context.store_for_writing().mark_not_duplicate(group.members[i], group.members[j]);
          }
        }
        break;
      }
      std::size_t choice = 0;
      auto [end, ec] = std::from_chars(answer.data(), answer.data() + answer.size(), choice);
      if (ec == std::errc() && end == answer.data() + answer.size() && choice >= 1 &&
          choice <= group.members.size()) {
        auto survivor = group.members[choice - 1];
        auto decided = scan.survivor(group, ask_counts(totals));
        if (is_decided(scan.request(decided).status) && decided != survivor) {
          print_text("#{} is {}: its answer stands, so merge into it ({}).\n", decided,
                     to_string(scan.request(decided).status),
                     std::find(group.members.begin(), group.members.end(), decided) - group.members.begin() + 1);
          continue;
        }
        std::vector<RequestId> others;
        for (auto id : group.members) {
          if (id != survivor) others.push_back(id);
        }
        try {
          context.store_for_writing().merge(others, survivor);
        } catch (const InputError& refused) {
          print_text("{}\n", refused.what());
          continue;
        }
        print_text("Merged into #{}.\n", survivor);
        break;
      }
    }
  }
  context.say("Reviewed {} groups.", scan.groups.size());
}

// dedupe --explain A B: each word with its weight on either side, the two
// parts of the similarity, and whether dedupe would ever pair them.
void explain(Context& context, const DedupeOptions& options) {
  auto a = parse_request_id(options.explain.at(0), "--explain");
  auto b = parse_request_id(options.explain.at(1), "--explain");
  auto& store = context.store_for_reading();
  const auto& config = context.config();
  auto explained = explain_pair(store, config, a, b);
  const auto& parts = explained.similarity;
  bool alike = parts.similarity >= explained.threshold;
  std::string verdict = explained.judged_not_duplicates ? "judged not duplicates: never suggested"
                        : explained.both_decided        ? "both declined or shipped: never paired"
                        : alike                         ? "alike: dedupe suggests them"
                                                        : "below the threshold: not suggested";
  auto where = [](double weight, bool title) {
    return weight == 0 ? std::string() : fmt::format("{:.3f} ({})", weight, title ? "title" : "description");
  };
  if (is_json(context.format())) {
    auto words = Json::array();
    for (const auto& word : parts.words) {
      words.push_back({{"word", word.word},
                       {"weight_a", word.weight_a},
                       {"weight_b", word.weight_b},
                       {"part_a", word.weight_a == 0 ? Json() : Json(word.title_a ? "title" : "description")},
                       {"part_b", word.weight_b == 0 ? Json() : Json(word.title_b ? "title" : "description")},
                       {"shared", word.weight_a > 0 && word.weight_b > 0}});
    }
    context.print_json({{"a", a}, {"b", b}, {"similarity", parts.similarity}, {"threshold", explained.threshold},
                        {"words_cosine", parts.words_cosine}, {"trigram_dice", parts.trigram_dice},
                        {"char_weight", config.dedupe.char_weight},
                        {"judged_not_duplicates", explained.judged_not_duplicates},
                        {"both_decided", explained.both_decided}, {"verdict", verdict}, {"words", words},
                        {"learned", explained.learned}});
    return;
  }
  print_text("#{} '{}' and #{} '{}'\n", a, store.get_request(a).title, b, store.get_request(b).title);
  print_text("similarity {:.3f} (threshold {}): {}\n", parts.similarity, format_number(explained.threshold),
             verdict);
  print_text("  = {} x words cosine {:.3f} + {} x title trigrams {:.3f}\n",
             format_number(1 - config.dedupe.char_weight), parts.words_cosine,
             format_number(config.dedupe.char_weight), parts.trigram_dice);
  for (const auto& line : explained.learned) print_text("  {}\n", line);
  print_text("\n");
  Table table;
  table.columns = {{"word"}, {fmt::format("#{}", a)}, {fmt::format("#{}", b)}, {"shared"}};
  for (const auto& word : parts.words) {
    table.rows.push_back({word.word, where(word.weight_a, word.title_a), where(word.weight_b, word.title_b),
                          word.weight_a > 0 && word.weight_b > 0 ? "yes" : ""});
  }
  context.print_table(table);
}

}  // namespace

void run_dedupe(Context& context, const DedupeOptions& options) {
  if (!options.explain.empty()) {
    if (options.auto_merge || options.list || options.interactive || options.min_similarity) {
      throw UsageError("--explain compares two requests: give it alone");
    }
    return explain(context, options);
  }
  if (options.auto_merge && (options.list || options.interactive)) {
    throw UsageError("--auto merges without asking: give it without --list or --interactive");
  }
  const auto& config = context.config();
  auto& store = context.store_for_reading();
  double threshold = options.min_similarity ? parse_similarity(*options.min_similarity)
                     : options.auto_merge   ? config.dedupe.auto_threshold
                                            : size_aware_threshold(config.dedupe, store.count_requests());
  bool on_terminal = ::isatty(STDIN_FILENO) == 1 && ::isatty(STDOUT_FILENO) == 1;
  bool reviewing = !options.auto_merge &&
                   (options.interactive || (!options.list && on_terminal && context.format() == Format::table));
  bool listing = !options.auto_merge && !reviewing;
  Progress progress(context, "comparing requests", 0);
  auto scan = scan_for_duplicates(store, config, threshold, !listing,
                                  [&](std::size_t done, std::size_t total) { progress.update(done, total); });
  progress.finish();
  if (listing) return print_pairs(context, scan);

  RequestFilter compared;
  compared.statuses = {Status::new_,    Status::triaged,  Status::planned,
                       Status::in_progress, Status::declined, Status::shipped};
  auto accounts = index_accounts(store.list_accounts(), config);
  std::map<RequestId, Figures> totals;
  store.for_each_deal_group(compared, [&](RequestId id, const std::vector<const Ask*>& asks) {
    totals[id] = request_figures(asks, accounts, config);
  });
  if (options.auto_merge) return auto_merge(context, scan, totals, options.dry_run);
  if (scan.groups.empty()) {
    context.say("No likely duplicates at similarity {}.", similarity_cell(threshold));
    return;
  }
  review(context, scan, totals);
}

}  // namespace reqtriage::cli
