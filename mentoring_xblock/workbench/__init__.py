"""The xblock-sdk workbench's services, scenarios and settings: demo and test support, never imported
by production code (the block's workbench_scenarios hook aside)."""
