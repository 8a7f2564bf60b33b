// Who may call each method of DisclosureRenderingService (common/access_control.h).
#ifndef JUESUAN_SERVICES_RENDERING_ACCESS_H_
#define JUESUAN_SERVICES_RENDERING_ACCESS_H_

#include "common/access_control.h"

namespace juesuan::rendering {

const ServiceAccess& RenderingAccess();

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_ACCESS_H_
