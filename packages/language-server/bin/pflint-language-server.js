#!/usr/bin/env node
// A committed entry point, so npm can link the bin before `prepare` has built dist/.
import { startStdioServer } from '../dist/main.js';

startStdioServer();
