/* Small N-API value helpers shared by the addon's entry points and its delivery to JavaScript. */
#ifndef SF_NAPI_H
#define SF_NAPI_H

#define NAPI_VERSION 8
#include <node_api.h>

static inline napi_value sf_str(napi_env env, const char *s) {
  napi_value v;
  if (!s) napi_get_null(env, &v);
  else napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

static inline napi_value sf_num(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}

static inline napi_value sf_bool(napi_env env, int b) {
  napi_value v;
  napi_get_boolean(env, b != 0, &v);
  return v;
}

static inline void sf_set(napi_env env, napi_value obj, const char *key, napi_value v) {
  napi_set_named_property(env, obj, key, v);
}

/* deliver.c: the threadsafe function's call_js. */
void sf_call_js(napi_env env, napi_value callback, void *context, void *data);

/* probe.c: probe(dir) and isKernelThread(pid). */
napi_value sf_probe(napi_env env, napi_callback_info info);
napi_value sf_is_kernel_thread(napi_env env, napi_callback_info info);

#endif
