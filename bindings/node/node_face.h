// The V8 face of the native API: the `twinhost` module of every Node environment.
#pragma once

#include <node.h>

namespace twinhost::node_face {

// Per environment, before LoadEnvironment: the native binding `twinhost`, which JS
// reaches as require('twinhost') through the package in bindings/node/js (on NODE_PATH),
// or as process._linkedBinding('twinhost'). Workers of the environment inherit it.
void install(node::Environment* env);

}  // namespace twinhost::node_face
