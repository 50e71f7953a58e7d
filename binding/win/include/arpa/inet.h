// Windows build: the POSIX header maps to Winsock (binding/win/compat.h).
#pragma once
#include "../../compat.h"
