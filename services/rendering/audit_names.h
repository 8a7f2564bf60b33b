// The names an audited text prints (audit_text.h): the unit's own name and
// the 类/款/项 of the classification. A published sentence aligned to a
// template sentence must name what the template names; the cover and the
// headings that carry the unit's name must carry the same name.
#ifndef JUESUAN_SERVICES_RENDERING_AUDIT_NAMES_H_
#define JUESUAN_SERVICES_RENDERING_AUDIT_NAMES_H_

#include <cstddef>
#include <vector>

#include "services/rendering/audit_units.h"

namespace juesuan::rendering::audit {

// A name printed where another was due.
struct NameSlip {
  U32 stated;
  U32 computed;
  size_t at = 0;  // where in the published text (TitleSlips only)
};

// The 类/款/项 `published` names ("住房保障支出（款）") against those of its
// template sentence, level by level, in order.
std::vector<NameSlip> ClassNameSlips(const U32& published, const U32& expected);

// The unit's name in a sentence the template prints it in: what the
// published sentence has in its place (what differs between the two
// sentences' shapes, Skeleton(), their common start and end taken off), if
// it is not `unit`.
std::vector<NameSlip> UnitNameSlips(const U32& published, const U32& expected, const U32& unit);

// The titles that carry the unit's name (the cover's first line and the
// headings of `expected`) looked for in `published` with any name: each
// found with another name is a slip, at its place in `published`.
std::vector<NameSlip> TitleSlips(const U32& published, const U32& expected,
                                 const std::vector<U32>& headings, const U32& unit);

}  // namespace juesuan::rendering::audit

#endif  // JUESUAN_SERVICES_RENDERING_AUDIT_NAMES_H_
