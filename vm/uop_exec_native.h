/* uop_exec_native.h — bodies of the native-tier uops (uisa/ops_native.def), same macros as uop_exec.h. */
