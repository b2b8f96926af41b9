/* uop_exec_fused.h — bodies of the fused-tier uops (uisa/ops_fused.def), same macros as uop_exec.h. */
