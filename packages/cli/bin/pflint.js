#!/usr/bin/env node
// A committed entry point, so npm can link the bin before `prepare` has built dist/.
import '../dist/main.js';
