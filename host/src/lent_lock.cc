#include "lent_lock.h"

namespace twinhost::detail {
namespace {
thread_local LentLock* current = nullptr;
}  // namespace

LentLock::LentLock(LetGo let_go, TakeBack take_back)
    : let_go_(let_go), take_back_(take_back), previous_(current) {
  current = this;
}

LentLock::~LentLock() { current = previous_; }

void LentLock::let_go_here() {
  LentLock* lock = current;
  if (lock && lock->held_ && lock->let_go_(*lock)) lock->held_ = false;
}

void LentLock::take_back_here() {
  LentLock* lock = current;
  if (!lock || lock->held_) return;
  lock->take_back_(*lock);
  lock->held_ = true;
}

bool LentLock::lent_here() { return current != nullptr; }

}  // namespace twinhost::detail
